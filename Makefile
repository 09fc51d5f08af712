# lhsql build, test and benchmark entry points. `make test` is what CI runs.
GO        ?= go
BIN       := bin/lhsql
DEMO_DIR  := .demo/tpch-sf0.01
SHARED    := ../shared
FUZZTIME  ?= 20s
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: all build demo test test-unit test-race test-simd-noasm lint vet cross fuzz slt bench clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/lhsql

# demo: build lhsql, generate a small TPC-H dataset and run TPC-H Q1 on it.
demo: build
	@test -f $(DEMO_DIR)/lineitem.parquet || ./$(BIN) gen tpch --sf 0.01 --out $(DEMO_DIR)
	./$(BIN) -c "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, \
	  sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, avg(l_discount) AS avg_disc, \
	  count(*) AS count_order FROM '$(DEMO_DIR)/lineitem.parquet' \
	  WHERE l_shipdate <= DATE '1998-09-02' GROUP BY ALL ORDER BY ALL"

# test: everything CI checks.
test: lint test-unit test-race cross check-generate test-simd-noasm test-simd-arm64 fuzz slt

test-simd-noasm:
	$(GO) test -count=1 -tags noasm ./simd/

test-unit:
	$(GO) test -count=1 ./...

test-race:
	$(GO) test -count=1 -race -timeout 40m ./engine/... ./driver/...

vet:
	$(GO) vet ./...

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

cross:
	@for p in $(PLATFORMS); do \
	  echo "build $$p"; \
	  CGO_ENABLED=0 GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build -o /dev/null ./cmd/lhsql || exit 1; \
	done

# Each target fuzzes for FUZZTIME; a short minimization keeps the time
# for new inputs (by default Go spends most of a short run minimizing).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./fuzz/
	$(GO) test -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./storage/parquet/
	$(GO) test -run '^$$' -fuzz '^FuzzNested$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./storage/parquet/
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./storage/json/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./storage/csv/

# slt: the project's own regression tests, then DuckDB's corpus against the floor.
slt:
	$(GO) run ./cmd/lhsql-slt testdata/slt
	@if [ -d $(SHARED)/slt/duckdb ]; then \
	  $(GO) run ./cmd/lhsql-slt -floor .ci/slt-floor $(SHARED)/slt/duckdb > .slt-report.txt; rc=$$?; \
	  sed -n '/^directory/,$$p' .slt-report.txt; exit $$rc; \
	else echo "skipping shared sqllogictest corpus: $(SHARED)/slt/duckdb not present"; fi

clean:
	rm -rf bin .demo

-include simd/Makefile.fragment
-include bench/Makefile.fragment
