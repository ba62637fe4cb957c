# minzheng - the two commands: `make run` and `make test`. See README.md.
JOBS ?= 2
BUILD ?= build/release
BUILD_ASAN ?= build/asan
DB ?= sqlite:./var/minzheng.db
PORT ?= 8080
DEMO_PERSONS ?= 200000

.PHONY: all deps build build-asan web run test test-unit clean

all: build web

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DMZ_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_ASAN) -j$(JOBS)

web: deps
	@if [ ! -f web/dist/index.html ] || [ -n "$$(find web/src web/index.html web/package.json -newer web/dist/index.html 2>/dev/null | head -1)" ]; then \
	  echo "building web UI" >&2; (cd web && npm run build --silent); fi

run: build web
	@scripts/run.sh $(BUILD)/minzheng "$(DB)" $(PORT) $(DEMO_PERSONS)

# The release build too (-O2 warns where -O0 does not): `make run` must build.
test: build build-asan web
	@scripts/test.sh $(BUILD_ASAN)/minzheng

clean:
	rm -rf build web/dist
