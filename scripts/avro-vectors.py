#!/usr/bin/env python3
"""Prints Avro binary test vectors written by the reference-grade library fastavro (PyPI `fastavro`), so the
Domain package's Avro decoder and encoder are checked against an implementation that is not ours.

One JSON object per line: {"name": ..., "schema": <the schema's JSON text>, "datum": <the datum as JSON>,
"hex": <fastavro's schemaless_writer encoding, lower-case hex>}. In "datum", bytes and fixed values are
{"$bytes": "<hex>"}; map keys are listed in code-point order (the order they are encoded in); a union's
value is the plain value, whose branch is the first one it fits.

Exit 3 when fastavro is not installed (`pip install fastavro`).
"""
import io
import json
import sys

try:
    from fastavro import parse_schema, schemaless_writer
except ImportError:
    print("avro-vectors.py: the Python package fastavro is not installed (pip install fastavro)", file=sys.stderr)
    sys.exit(3)

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

ORDER_EVENT = {
    "name": "OrderProvisionRequested__e",
    "namespace": "com.sforce.eventbus",
    "type": "record",
    "fields": [
        {"name": "CreatedDate", "type": "long"},
        {"name": "CreatedById", "type": "string"},
        {"name": "orderId__c", "type": ["null", "string"], "default": None},
        {"name": "idemKey__c", "type": ["null", "string"], "default": None},
    ],
}

ADDRESS = {
    "type": "record",
    "name": "Address",
    "namespace": "example.shop",
    "fields": [{"name": "city", "type": "string"}, {"name": "postcode", "type": ["null", "string"]}],
}

LINE_ITEM = {
    "type": "record",
    "name": "LineItem",
    "fields": [
        {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"},
        {"name": "price", "type": "double"},
    ],
}

ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "example.shop",
    "fields": [
        {"name": "id", "type": {"type": "fixed", "name": "OrderKey", "size": 4}},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
        {"name": "billing", "type": ADDRESS},
        {"name": "shipping", "type": ["null", "Address"]},
        {"name": "items", "type": {"type": "array", "items": LINE_ITEM}},
        {"name": "previousStatus", "type": ["null", "example.shop.Status"]},
        {"name": "attributes", "type": {"type": "map", "values": "string"}},
        {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "note", "type": ["string", "null"]},
    ],
}

PRIMITIVES = {
    "type": "record",
    "name": "Primitives",
    "fields": [
        {"name": "n", "type": "null"},
        {"name": "b", "type": "boolean"},
        {"name": "i", "type": "int"},
        {"name": "l", "type": "long"},
        {"name": "f", "type": "float"},
        {"name": "d", "type": "double"},
        {"name": "by", "type": "bytes"},
        {"name": "s", "type": "string"},
    ],
}


def case(name, schema, datum):
    return name, schema, datum


CASES = [
    case("order event", ORDER_EVENT, {
        "CreatedDate": 1_767_225_600_123, "CreatedById": "0055g00000AbCdEAAV",
        "orderId__c": "8015g00000AbCdEAAV", "idemKey__c": "prov-8015g00000AbCdE-1",
    }),
    case("order event without idempotency key", ORDER_EVENT, {
        "CreatedDate": 1_700_000_000_000, "CreatedById": "0055g00000AbCdE",
        "orderId__c": "8015g00000AbCdE", "idemKey__c": None,
    }),
    case("order event without order id", ORDER_EVENT, {
        "CreatedDate": 0, "CreatedById": "", "orderId__c": None, "idemKey__c": "  key  ",
    }),
    case("null", "null", None),
    case("boolean true", "boolean", True),
    case("boolean false", "boolean", False),
    *[case(f"int {value}", "int", value) for value in (0, -1, 1, -2, 63, -64, 64, 8191, -8193, INT32_MIN, INT32_MAX)],
    *[case(f"long {value}", "long", value)
      for value in (0, -1, 1, 64, 2**31, -(2**31) - 1, 2**53 + 1, INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1)],
    *[case(f"float {value!r}", "float", value)
      for value in (0.0, -0.0, 1.5, -2.25, 0.1, 3.4028234663852886e38, 1.401298464324817e-45, -1.1754943508222875e-38)],
    *[case(f"double {value!r}", "double", value)
      for value in (0.0, -0.0, 1.0, -123.456, 0.1, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 2.0**53 + 2)],
    case("bytes empty", "bytes", b""),
    case("bytes every value", "bytes", bytes(range(256))),
    case("string empty", "string", ""),
    case("string ascii", "string", "a"),
    case("string unicode", "string", "山田 太郎 — データ SIM ✓ 😀 é\u0000\u007f"),
    case("string long", "string", "x" * 300),
    case("primitives record", PRIMITIVES, {
        "n": None, "b": True, "i": -12345, "l": 9_876_543_210, "f": 0.5, "d": -0.000123, "by": b"\x00\xff\x10", "s": "ok",
    }),
    case("union null", ["null", "string"], None),
    case("union string", ["null", "string"], "a"),
    case("union string first", ["string", "null"], ""),
    case("union of many", ["null", "boolean", "long", "double", "string", "bytes"], b"\x01\x02"),
    case("union long", ["null", "boolean", "long", "double", "string", "bytes"], INT64_MIN),
    case("union record", ["null", LINE_ITEM], {"sku": "SIM-1", "quantity": 2, "price": 9.5}),
    case("union array", ["null", {"type": "array", "items": "int"}], [1, 2, 3]),
    case("enum first", {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]}, "SPADES"),
    case("enum last", {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]}, "CLUBS"),
    case("fixed", {"type": "fixed", "name": "Md5", "size": 16}, bytes(range(0xF0, 0x100))),
    case("fixed empty", {"type": "fixed", "name": "Nothing", "size": 0}, b""),
    case("array empty", {"type": "array", "items": "string"}, []),
    case("array of ints", {"type": "array", "items": "int"}, [0, -1, 1, -2, 64, INT32_MAX, INT32_MIN]),
    case("array of nulls", {"type": "array", "items": "null"}, [None, None, None]),
    case("array of arrays", {"type": "array", "items": {"type": "array", "items": "string"}}, [[], ["a"], ["b", "c"]]),
    case("map empty", {"type": "map", "values": "long"}, {}),
    case("map of longs", {"type": "map", "values": "long"}, {"": 0, "a": -1, "b": INT64_MAX, "z": 64}),
    case("map of arrays", {"type": "map", "values": {"type": "array", "items": "boolean"}},
         {"no": [], "yes": [True, False, True]}),
    case("map with unicode keys", {"type": "map", "values": "string"}, {"key": "value", "キー": "値", "😀": ""}),
    case("nested order", ORDER, {
        "id": b"\xde\xad\xbe\xef",
        "status": "PAID",
        "billing": {"city": "Tokyo", "postcode": "100-0001"},
        "shipping": {"city": "Ōsaka", "postcode": None},
        "items": [
            {"sku": "SIM-DATA-10G", "quantity": 1, "price": 2980.0},
            {"sku": "ROUTER", "quantity": 3, "price": -0.5},
        ],
        "previousStatus": "NEW",
        "attributes": {"channel": "portal", "coupon": ""},
        "placedAt": 1_767_225_600_000,
        "note": None,
    }),
    case("nested order, minimal", ORDER, {
        "id": b"\x00\x00\x00\x00",
        "status": "SHIPPED",
        "billing": {"city": "", "postcode": None},
        "shipping": None,
        "items": [],
        "previousStatus": None,
        "attributes": {},
        "placedAt": -1,
        "note": "leave at the door",
    }),
]


def as_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": value.hex()}
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def main():
    for name, schema, datum in CASES:
        buffer = io.BytesIO()
        schemaless_writer(buffer, parse_schema(schema), datum)
        line = {"name": name, "schema": json.dumps(schema), "datum": as_json(datum), "hex": buffer.getvalue().hex()}
        print(json.dumps(line, allow_nan=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
