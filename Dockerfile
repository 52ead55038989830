# sumq image: every program in one small runtime image; docker-compose.yml
# picks the program per service. Built in two stages so the image carries
# the shared libraries only, not the compiler and headers.
FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config \
      libzmq3-dev libczmq-dev libjansson-dev libicu-dev libstemmer-dev \
      libexttextcat-dev liblingua-stopwords-perl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make -j2 all

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libzmq5 libczmq4 libjansson4 \
      libicu72 libstemmer0d libexttextcat-2.0-0 libexttextcat-data \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home sumq
COPY --from=build /src/bin/ /usr/local/bin/
USER sumq
EXPOSE 7400
CMD ["sumq-broker", "--bind", "tcp://0.0.0.0:7400"]
