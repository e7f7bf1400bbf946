#!/usr/bin/env bash
# Regenerates the committed Swift code of the Salesforce Pub/Sub API from
# Sources/SalesforcePubSubAPI/pubsub_api.proto: Debian's protoc (protobuf-compiler) with the protoc-gen-swift
# and protoc-gen-grpc-swift-2 plugins built from this package's own dependencies. The build never runs it.
set -euo pipefail

cd "$(dirname "$0")/.."
scripts/install-deps.sh protobuf-compiler
scratch=.build-protoc-plugins
for plugin in protoc-gen-swift protoc-gen-grpc-swift-2; do
    swift build -c release --scratch-path "$scratch" --product "$plugin" >/dev/null
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

target=Sources/SalesforcePubSubAPI
protoc \
    --proto_path="$target" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_out="$target" --swift_opt=Visibility=Public \
    --grpc-swift_out="$target" --grpc-swift_opt=Visibility=Public,Client=true,Server=true \
    "$target/pubsub_api.proto"
echo "generate-pubsub: wrote $target/pubsub_api.pb.swift and $target/pubsub_api.grpc.swift"
