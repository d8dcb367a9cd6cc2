# Entry points for people, CI and a city's own automation. The build itself is
# CMake's: build/ (optimised, with debug info) and build-asan/ (the test suite
# again under AddressSanitizer and UndefinedBehaviorSanitizer). The same
# targets exist inside build/: `make report`, `make check`, `make test`.

BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BENCH_N ?= 1000
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all report check test test-plain test-asan test-fuzz bench clean

all: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# hyoka build input -o out, when input/, templates/ or the program changed
report: all
	cmake --build $(BUILD) --target report

# hyoka check input: validation only
check: all
	cmake --build $(BUILD) --target check

# every test, plain and under the sanitizers, then each fuzz target for
# FUZZ_SECONDS on the corpus in tests/fuzz/corpus (scripts/fuzz)
test: test-plain test-asan test-fuzz

test-plain: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)
	cd $(BUILD) && ctest --output-on-failure --output-junit ctest-junit.xml

test-asan: $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure --output-junit ctest-junit.xml

test-fuzz:
	scripts/fuzz -B $(FUZZ_BUILD) -t $(FUZZ_SECONDS) -j $(JOBS)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHYOKA_SANITIZE=ON

# hyoka beside ReportLab and pdfme (and LibreOffice up to 100 projects) on the
# shared benchmark job, one run, same data: scripts/bench
bench:
	scripts/bench $(BENCH_N)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) out
