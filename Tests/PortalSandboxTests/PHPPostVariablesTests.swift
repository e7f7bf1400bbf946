import Foundation
import TestSupport
import Testing

@testable import PortalSandbox

/// The WHMCS simulator reads a form body the way WHMCS's PHP fills `$_POST`: checked against rules PHP
/// documents and against PHP itself (`php-cli`, which `scripts/test.sh` installs).
@Suite("The WHMCS simulator's $_POST")
struct PHPPostVariablesTests {
    static func post(_ body: String) -> PHPPostVariables { PHPPostVariables(FormURLEncoded.parse(body)) }

    @Test func dotsAndSpacesInANameBecomeUnderscores() {
        let post = Self.post("client.name=1&first+name=2&a.b%20c[x.y]=3")
        #expect(post.strings == ["client_name": "1", "first_name": "2"])
        #expect(post.lists == ["a_b_c": ["3"]])
    }

    @Test func aLaterValueReplacesAnEarlierOneOfTheSameName() {
        #expect(Self.post("status=Paid&status=Unpaid").strings == ["status": "Unpaid"])
    }

    @Test func emptyNamesAreDroppedAndLeadingSpacesRemoved() {
        #expect(Self.post("=orphan&+++=spaces&++action=GetInvoices").strings == ["action": "GetInvoices"])
    }

    @Test func bracketsMakeListsInTheOrderTheyArrive() {
        let post = Self.post("pid[]=11&pid[]=12&pid[7]=13&pid[]=14&billingcycle[1]=annually&billingcycle[0]=monthly")
        #expect(post.lists["pid"] == ["11", "12", "13", "14"])
        #expect(post.lists["billingcycle"] == ["annually", "monthly"])
        #expect(post.strings.isEmpty)
    }

    @Test func anUnclosedBracketIsPartOfTheName() {
        #expect(Self.post("a[b.c d=1").strings == ["a_b_c_d": "1"])
    }

    @Test func aNameEndsAtANULButAValueKeepsIt() {
        #expect(Self.post("action%00ignored=Get%00Invoices").strings == ["action": "Get\u{0}Invoices"])
    }

    @Test func nestingDeeperThanPHPsLimitDropsTheVariable() {
        let deep = "a" + String(repeating: "[x]", count: PHPPostVariables.maxNestingLevel + 1) + "=1"
        let allowed = "b" + String(repeating: "[x]", count: PHPPostVariables.maxNestingLevel) + "=1"
        let post = Self.post("a=kept&\(deep)&\(allowed)")
        #expect(post.variables[.string("a")] == nil)
        #expect(post.variables[.string("b")] != nil)
    }

    /// Bodies where PHP's reading differs from the plain WHATWG pairs, or could.
    static let phpVectors = [
        "a.b c=1&x y.z=2&.=3&+=4",
        " lead=1&  =2&=3&&&",
        "pid[]=1&pid[]=2&pid[5]=3&pid[]=4&pid[2]=5",
        "a[b][c]=1&a[b][]=2&a[x=3&a[y][z=4",
        "a[b.c d[e=1",
        "a=1&a[0]=2&b[0]=2&b=1",
        "a[+]=1&a[+x]=2&a[%09b]=3&a[%0Bc]=4",
        "n%00ame=1&v=a%00b",
        "007=a&7=b&-3=c&-0=d&9223372036854775808=e",
        "a[01]=x&a[1]=y&a[-1]=z&a[-0]=w&a[]=v",
        "a[b]junk=1&a[c]d[e]=2&x[]]=3&y[[z]]=4",
        "a+b=1&a%2Bb=2&a%5Bb%5D=3&c%5B%5D=4",
        "日本=語&ü.x=ü&%E6%97%A5[%E6%9C%AC]=%F0%9F%91%8D",
        "%=%&%zz=%4&%2=%%41",
        "status=Paid&status=Unpaid&pid[0]=1&pid[0]=2",
        "a" + String(repeating: "[x]", count: 64) + "=deep&b" + String(repeating: "[x]", count: 65) + "=deeper&b=gone",
    ]

    @Test(.enabled(if: PHP.shouldRun, "php-cli is not installed (scripts/test.sh installs it)"), arguments: 0..<phpVectors.count)
    func readsABodyLikePHPItself(vector: Int) async throws {
        let body = Self.phpVectors[vector]
        let php = try await offThePool { try PHP.parseString(body) }
        #expect(Self.post(body).variables == php, "body \(body.debugDescription)")
    }
}

/// PHP's own `parse_str`, which reads a string through the same `php_register_variable_ex` as `$_POST`.
enum PHP {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether the tests against PHP run: php-cli is installed, or this is CI, where its absence is a failure.
    static let shouldRun = ProcessInfo.processInfo.environment["CI"] == "true" || (try? run(["-r", "echo 1;"]).status) == 0

    /// `parse_str(body)`'s array, with its key types and order.
    static func parseString(_ body: String) throws -> PHPArray {
        let script = #"""
            function entries($array) {
                $out = [];
                foreach ($array as $key => $value) {
                    $out[] = [is_int($key) ? 'int' : 'string', (string)$key, is_array($value) ? entries($value) : $value];
                }
                return $out;
            }
            parse_str($argv[1], $result);
            echo json_encode(entries($result), JSON_THROW_ON_ERROR);
            """#
        let result = try run(["-r", script, "--", body])
        guard result.status == 0 else { throw Failed(description: "php -r parse_str failed: \(result.error)") }
        guard let entries = try JSONSerialization.jsonObject(with: result.output) as? [Any] else {
            throw Failed(description: "php printed no list: \(String(decoding: result.output, as: UTF8.self))")
        }
        return try phpArray(entries)
    }

    private static func phpArray(_ entries: [Any]) throws -> PHPArray {
        var array = PHPArray()
        for entry in entries {
            guard let entry = entry as? [Any], entry.count == 3, let type = entry[0] as? String, let key = entry[1] as? String else {
                throw Failed(description: "unexpected entry \(entry)")
            }
            let value: PHPArray.Value
            if let text = entry[2] as? String { value = .string(text) } else { value = .array(try phpArray(entry[2] as? [Any] ?? [])) }
            array.set(value, for: type == "int" ? .int(Int(key) ?? 0) : .string(key))
        }
        return array
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let result = try runChildProcess(URL(fileURLWithPath: "/usr/bin/env"), ["php", "-n"] + arguments)
        return (result.status, result.output, result.error)
    }
}
