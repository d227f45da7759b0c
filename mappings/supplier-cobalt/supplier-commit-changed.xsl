<?xml version="1.0" encoding="UTF-8"?>
<!-- supplier-cobalt's OrderConfirmation (order-confirmation.xsd, validated before this runs) → canonical
     SupplierCommitChanged. The output is the JSON of a list of events, built as XSLT 3's XML representation of JSON
     (fn:map, fn:string, fn:number ...) and serialised by xml-to-json(): every key is written in a fixed order and
     every value explicitly typed (quantities and prices as JSON numbers), with no XML-to-JSON guesswork after the
     mapping. As for the JSONata mappings, eventId, occurredAt and correlationId are added after it.
     The confirmation number is the supplier's own, so with the supplier it is the idempotency key: the same
     document sent again gets the same key, a new confirmation a new one. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:oc="urn:cobalt-industrial:order-confirmation:1"
    xmlns:local="urn:mfgsync:mapping:local"
    exclude-result-prefixes="#all" expand-text="yes">

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- the connector instance, the events' source.instance -->
  <xsl:param name="instance" as="xs:string" select="'supplier-cobalt'"/>

  <xsl:template match="/">
    <xsl:variable name="events" as="element(fn:array)">
      <fn:array>
        <xsl:apply-templates select="oc:OrderConfirmation"/>
      </fn:array>
    </xsl:variable>
    <xsl:value-of select="xml-to-json($events)"/>
  </xsl:template>

  <xsl:template match="oc:OrderConfirmation">
    <xsl:variable name="header" select="oc:Header"/>
    <xsl:variable name="order" select="$header/oc:OrderReference"/>
    <xsl:variable name="supplier" select="normalize-space($header/oc:Supplier/@id)"/>
    <fn:map>
      <fn:string key="eventType">SupplierCommitChanged</fn:string>
      <fn:string key="schemaVersion">1.0</fn:string>
      <fn:map key="source">
        <fn:string key="system">supplier</fn:string>
        <fn:string key="instance">{$instance}</fn:string>
      </fn:map>
      <fn:string key="plant">{normalize-space($header/oc:ShipTo/@plant)}</fn:string>
      <fn:map key="businessKeys">
        <fn:string key="purchaseOrder">{normalize-space($order/@orderNumber)}</fn:string>
        <fn:string key="supplier">{$supplier}</fn:string>
      </fn:map>
      <fn:string key="idempotencyKey">supplier:{$supplier}:{normalize-space($header/oc:ConfirmationNumber)}</fn:string>
      <fn:map key="payload">
        <fn:string key="purchaseOrder">{normalize-space($order/@orderNumber)}</fn:string>
        <xsl:if test="$order/@revision">
          <fn:number key="purchaseOrderRevision">{xs:integer($order/@revision)}</fn:number>
        </xsl:if>
        <fn:string key="supplier">{$supplier}</fn:string>
        <fn:string key="confirmationId">{normalize-space($header/oc:ConfirmationNumber)}</fn:string>
        <fn:string key="confirmationType">{local:confirmation-type($header/oc:Type)}</fn:string>
        <!-- "detail": the answer is per line; otherwise it holds for the whole order -->
        <fn:string key="level">{if (normalize-space($header/oc:Type) = 'detail') then 'LINE' else 'HEADER'}</fn:string>
        <fn:string key="confirmedAt">{normalize-space($header/oc:ConfirmationDate)}</fn:string>
        <xsl:apply-templates select="$header/oc:ReasonCode, $header/oc:Comments"/>
        <xsl:if test="oc:Items/oc:Item">
          <fn:array key="lines">
            <xsl:apply-templates select="oc:Items/oc:Item"/>
          </fn:array>
        </xsl:if>
      </fn:map>
    </fn:map>
  </xsl:template>

  <xsl:template match="oc:Item">
    <fn:map>
      <fn:string key="poLine">{normalize-space(@lineNumber)}</fn:string>
      <fn:string key="confirmationType">{local:confirmation-type(oc:Status)}</fn:string>
      <xsl:if test="oc:BuyerPartNumber">
        <fn:string key="item">{normalize-space(oc:BuyerPartNumber)}</fn:string>
      </xsl:if>
      <xsl:if test="oc:SupplierPartNumber">
        <fn:string key="supplierItem">{normalize-space(oc:SupplierPartNumber)}</fn:string>
      </xsl:if>
      <fn:number key="confirmedQuantity">{xs:decimal(oc:Quantity)}</fn:number>
      <fn:string key="unitOfMeasure">{normalize-space(oc:Quantity/@unitOfMeasure)}</fn:string>
      <xsl:if test="oc:ShipDate">
        <fn:string key="shipDate">{normalize-space(oc:ShipDate)}</fn:string>
      </xsl:if>
      <xsl:if test="oc:DeliveryDate">
        <fn:string key="deliveryDate">{normalize-space(oc:DeliveryDate)}</fn:string>
      </xsl:if>
      <xsl:if test="oc:UnitPrice">
        <fn:map key="price">
          <fn:number key="amount">{xs:decimal(oc:UnitPrice)}</fn:number>
          <fn:string key="currency">{normalize-space(oc:UnitPrice/@currency)}</fn:string>
        </fn:map>
      </xsl:if>
      <xsl:apply-templates select="oc:ReasonCode, oc:Comments"/>
    </fn:map>
  </xsl:template>

  <xsl:template match="oc:ReasonCode">
    <fn:string key="reasonCode">{normalize-space(.)}</fn:string>
  </xsl:template>

  <xsl:template match="oc:Comments">
    <fn:string key="comment">{string(.)}</fn:string>
  </xsl:template>

  <!-- cobalt's answer types → canonical confirmation types -->
  <xsl:function name="local:confirmation-type" as="xs:string">
    <xsl:param name="type" as="xs:string"/>
    <xsl:variable name="canonical" as="map(xs:string, xs:string)"
        select="map{'accept': 'ACCEPT', 'reject': 'REJECT', 'detail': 'CHANGE', 'backorder': 'BACKORDERED'}"/>
    <xsl:sequence select="($canonical(normalize-space($type)),
        error(xs:QName('local:unknown-type'), 'unknown confirmation type ' || $type))[1]"/>
  </xsl:function>
</xsl:stylesheet>
