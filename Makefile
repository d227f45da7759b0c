# Thin wrappers: each target delegates to Maven or a script under dev/.
MVN ?= mvn -B

.PHONY: run test build smoke bench bench-mrp bench-reload bench-trace validate native native-image image clean
.PHONY: k8s-app-files k8s-render

# the image's version tag: the project's version (never :latest); VERSION=1.2.3 overrides it
VERSION ?= $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
IMAGE ?= mfgsync
.PHONY: schemas-check schemas-xsd schemas-baseline

run: build          ## the local stack: Kafka, ERP + QMS simulators and mfgsync; Ctrl-C stops it
	dev/stack.sh run

test:               ## unit, route and end-to-end tests against a real Kafka broker and WireMock (mvn verify's tests, in lanes side by side)
	MVN="$(MVN)" dev/test.sh

build:              ## the runnable app in target/quarkus-app
	$(MVN) -q package -DskipTests

smoke: build        ## start the local stack, send one inspection result, check the ERP saw one block, stop
	rm -rf target/smoke-stack
	MFGSYNC_RUN_DIR=$(CURDIR)/target/smoke-stack dev/stack.sh smoke

bench: build        ## time-to-ready, RSS and end-to-end latency of the packaged app on the local stack
	MFGSYNC_RUN_DIR=$(CURDIR)/target/bench-stack dev/bench.sh

bench-mrp: build    ## p6: an MRP burst (100,000 PO lines from erp-legacy-a) to every supplier channel; make bench runs it too
	MFGSYNC_RUN_DIR=$(CURDIR)/target/bench-mrp-stack dev/bench-mrp.sh

bench-reload: build ## reload latency (median, max) of route edits on the packaged app
	MFGSYNC_RUN_DIR=$(CURDIR)/target/bench-reload-stack dev/bench-reload.sh

bench-trace: build  ## trace lookups by PO, lot and correlation id on PostgreSQL with 5,000,000 trace rows (p50/p99, beside a plain-JDBC floor)
	dev/bench-trace.sh

validate: build     ## validate routes/ and mappings/ offline as a hot reload would (ROUTES=..., MAPPINGS=... for others)
	dev/validate.sh $(or $(ROUTES),routes) $(or $(MAPPINGS),mappings)

native:             ## native executable for Kubernetes, state in PostgreSQL (needs GraalVM/Mandrel; unverified, see README)
	$(MVN) package -DskipTests -Dnative

native-image: native ## native container image $(IMAGE):$(VERSION)-native (needs GraalVM/Mandrel and a container engine)
	docker build -f src/main/docker/Dockerfile.native -t $(IMAGE):$(VERSION)-native .

image:              ## JVM container image $(IMAGE):$(VERSION) for Kubernetes, state in PostgreSQL (needs a container engine)
	$(MVN) -q package -DskipTests
	docker build -f src/main/docker/Dockerfile.jvm -t $(IMAGE):$(VERSION) .

k8s-app-files:      ## regenerate k8s/base/app-files (the ConfigMaps of routes/ and mappings/) after adding, moving or deleting files
	dev/k8s-app-files.sh

k8s-render:         ## render the Kubernetes overlays into target/k8s/ (OVERLAY=dev|prod, default both)
	mkdir -p target/k8s
	for o in $(or $(OVERLAY),dev prod); do kubectl kustomize --load-restrictor LoadRestrictionsNone k8s/overlays/$$o > target/k8s/$$o.yaml || exit 1; done

clean:
	$(MVN) -q clean
	rm -rf dev/run

# ---- schemas: compatibility governance and the XML form ------------------------------------
EXEC_TEST = org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test

schemas-check:      ## fail, naming each change, if a v1 schema broke its recorded baseline (make test runs it too)
	$(MVN) -q test-compile $(EXEC_TEST) -Dexec.mainClass=org.mfgsync.governance.SchemaCompatibility

schemas-xsd:        ## regenerate schemas/xsd/v1 from the JSON Schemas after changing them
	$(MVN) -q test-compile $(EXEC_TEST) -Dexec.mainClass=org.mfgsync.governance.XsdGenerator

schemas-baseline:   ## record today's v1 schemas as the compatibility baseline (at a release, deliberately)
	rm -rf schemas/baseline/json/v1 && mkdir -p schemas/baseline/json && cp -r schemas/json/v1 schemas/baseline/json/v1

.PHONY: mapping-test
mapping-test:       ## golden files of the flat-file and staging-table mappings (mappings/*/tests); MAPPING=erp-legacy-a runs one only
	$(MVN) test -Dtest='$(GOLDEN_TESTS)' -Dmapping=$(MAPPING) -Dsurefire.failIfNoSpecifiedTests=false

# with MAPPING, only the golden-test classes that have cases for it (a parameterized test without cases fails)
comma := ,
GOLDEN_TESTS = $(if $(MAPPING),$(subst $() ,$(comma),$(strip \
  $(if $(wildcard mappings/$(MAPPING)/tests/format.properties),FileMappingGoldenTest) \
  $(if $(wildcard mappings/$(MAPPING)/tests/outbound.properties),FileOutboundGoldenTest) \
  $(if $(wildcard mappings/$(MAPPING)/tests/staging.properties),StagingMappingGoldenTest))),$\
  FileMappingGoldenTest$(comma)FileOutboundGoldenTest$(comma)StagingMappingGoldenTest)

# ---- the image's file tree, started as the container would start it -------------------------------------------
.PHONY: test-image
test-image: build   ## ImageTreeIT: the JVM image's files (its COPY lines) started with environment variables only
	$(MVN) failsafe:integration-test failsafe:verify -Dit.test=ImageTreeIT

# ---- the database-facing suites on a real PostgreSQL ------------------------------------------------------------
.PHONY: test-postgres
test-postgres:      ## staging-table and state-database suites on PostgreSQL; FAILS (no skip) if PostgreSQL cannot start
	$(MVN) test -Dtest='PostgresRequirementTest,StagingTablesOnPostgresTest,ErpLegacyBStagingOnPostgresTest,StateDatabaseOnPostgresTest,TraceOnPostgresTest,SlaStateOnPostgresTest,KpiStateOnPostgresTest,RetentionOnPostgresTest,ReplayJobStoreOnPostgresTest' -Dtests.postgres=required
