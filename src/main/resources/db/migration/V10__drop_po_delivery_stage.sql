-- PO revisions for a supplier channel that is down are held in Kafka on the channel's own delivery topic
-- (mfgsync.delivery.<channel>.v1) like every target's work: the staging table of the PO revision workflow goes.
DROP TABLE IF EXISTS purchase_order_delivery_stage;
