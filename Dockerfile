# sumq image: every program in one small runtime image; docker-compose.yml
# and deploy/k8s/ pick the program per service. Two stages, so the image
# carries the shared libraries only, not the compiler and headers.
#
#   docker build -t sumq:latest .
#
# Both stages are Debian 12 (bookworm), so the libraries the build links
# against are exactly the runtime packages installed below.
FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config \
      libzmq3-dev libczmq-dev libjansson-dev libicu-dev libstemmer-dev \
      libexttextcat-dev liblingua-stopwords-perl liblingua-sentence-perl \
      hunspell-fr-classical libtracker-sparql-3.0-0 apertium-swe-dan apertium-ind-zlm hunspell-id lttoolbox wswedish wdanish \
      libmicrohttpd-dev libsqlite3-dev \
      libxml2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -j2 all && strip bin/*

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libzmq5 libczmq4 libjansson4 \
      libicu72 libstemmer0d libexttextcat-2.0-0 libexttextcat-data \
      libmicrohttpd12 libsqlite3-0 libxml2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/sumq --create-home sumq
COPY --from=build /src/bin/ /usr/local/bin/
# The rankers' default IDF models, found beside bin/ (lib/models.h).
COPY --from=build /src/models/ /usr/local/models/
# Runs as an unprivileged user; its home is the one writable place (the
# compose file and the Kubernetes examples mount a volume there).
USER 10001:10001
WORKDIR /var/lib/sumq
EXPOSE 7400 9100
# The broker's own health endpoint (GET /healthz on --metrics), read with
# bash alone: the image has no curl. Workers override or disable it.
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9100 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '^ok' <&3"]
CMD ["sumq-broker", "--bind", "tcp://0.0.0.0:7400", "--metrics", "0.0.0.0:9100"]
