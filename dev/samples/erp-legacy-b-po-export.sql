-- A PO export as erp-legacy-b's export program writes it (header + items, status N). Run it against the dev stack's
-- erp-legacy-b database while `make run` is up (see README, "erp-legacy-b: staging tables"); change EXPNR to export again.
INSERT INTO ZMFG_POHDR_OUT (EXPNR, EBELN, REVNO, AKTKZ, BSART, LIFNR, WERKS, BEDAT, ERNAM, WAERS, ZTERM, INCO1, INCO2)
VALUES ('0000000001', '4500020001', '0', 'I', 'NB', 'SUP-100', '2000', '20261125', 'JDOE', 'EUR', 'ZB30', 'FCA', 'Stuttgart');
INSERT INTO ZMFG_POITM_OUT (EXPNR, EBELP, AKTKZ, MATNR, TXZ01, MENGE, MEINS, EINDT, NETPR, PEINH, WERKS)
VALUES ('0000000001', '00010', 'I', 'BRK-4711', 'Brake caliper front', '500.000', 'ST', '20261215', '12.50', '1', '2000');
INSERT INTO ZMFG_POITM_OUT (EXPNR, EBELP, AKTKZ, MATNR, TXZ01, MENGE, MEINS, EINDT, NETPR, PEINH, WERKS)
VALUES ('0000000001', '00020', 'I', 'HYD-0815', 'Hydraulic hose', '1200.500', 'KG', '20270110', '312.50', '100', '2000');
