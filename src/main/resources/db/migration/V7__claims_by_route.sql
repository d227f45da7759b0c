-- Claims are three-valued and owned: a PENDING claim names its owner (instance + claim id), and only the owner
-- confirms, releases or renews it. One repository serves every consuming route: the step of a claim is the route
-- that made it, so the step names of the per-step repositories become their routes' ids.
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN owner VARCHAR(100);
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = 'qms.receive-inspection-result' WHERE processorName = 'qms.inspection-intake';
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = 'qms.receive-nonconformance' WHERE processorName = 'qms.nonconformance-intake';
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = 'qms.receive-lot-disposition' WHERE processorName = 'qms.lot-disposition-intake';
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = 'quality.contain-inspection' WHERE processorName = 'quality.block-stock';
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = 'purchasing.receive-erp-purchase-order-event'
    WHERE processorName = 'purchasing.erp-purchase-order-intake';
-- delivery claims were keyed <target>:<key> under one step; each target's delivery route is delivery.<target>
UPDATE CAMEL_MESSAGEPROCESSED SET processorName = CONCAT('delivery.', SUBSTRING(messageId, 1, POSITION(':' IN messageId) - 1))
    WHERE processorName = 'resilience.target-delivery' AND POSITION(':' IN messageId) > 1;
