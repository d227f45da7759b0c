# Thin wrappers: each target delegates to Maven or a script under dev/.
MVN ?= mvn -B

.PHONY: run test build smoke bench validate native image clean

run: build          ## the local stack: Kafka, ERP + QMS simulators and mfgsync; Ctrl-C stops it
	dev/stack.sh run

test:               ## unit, route and end-to-end tests against a real Kafka broker and WireMock
	$(MVN) verify

build:              ## the runnable app in target/quarkus-app
	$(MVN) -q package -DskipTests

smoke: build        ## start the local stack, send one inspection result, check the ERP saw one block, stop
	rm -rf target/smoke-stack
	MFGSYNC_RUN_DIR=$(CURDIR)/target/smoke-stack dev/stack.sh smoke

bench: build        ## time-to-ready, RSS and end-to-end latency of the packaged app on the local stack
	MFGSYNC_RUN_DIR=$(CURDIR)/target/bench-stack dev/bench.sh

native:             ## native executable for Kubernetes, state in PostgreSQL (needs GraalVM/Mandrel)
	$(MVN) package -DskipTests -Dnative -Dquarkus.datasource.db-kind=postgresql

image:              ## JVM container image for Kubernetes, state in PostgreSQL (needs a container engine)
	$(MVN) -q package -DskipTests -Dquarkus.datasource.db-kind=postgresql
	docker build -f src/main/docker/Dockerfile.jvm -t mfgsync:latest .

clean:
	$(MVN) -q clean
	rm -rf dev/run

.PHONY: mapping-test
mapping-test:       ## golden files of the flat-file mappings (mappings/*/tests); MAPPING=erp-legacy-a runs one only
	$(MVN) test -Dtest='FileMappingGoldenTest,FileOutboundGoldenTest' -Dmapping=$(MAPPING) -Dsurefire.failIfNoSpecifiedTests=false
