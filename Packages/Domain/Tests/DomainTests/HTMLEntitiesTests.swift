import Testing

@testable import Domain

@Suite("HTML entities in WHMCS text")
struct HTMLEntitiesTests {
    @Test(arguments: [
        ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&apos;", "'"),
    ])
    func theEscapesOfHtmlspecialcharsAndAposAreDecoded(stored: String, typed: String) {
        #expect(HTMLEntities.decoded(stored) == typed)
    }

    @Test(arguments: [
        ("&#39;", "'"), ("&#x27;", "'"), ("&#X27;", "'"), ("&#12354;", "あ"), ("&#x3042;", "あ"), ("&#x1F4F1;", "📱"), ("&#10;", "\n"),
    ])
    func decimalAndHexadecimalReferencesAreDecoded(stored: String, typed: String) {
        #expect(HTMLEntities.decoded(stored) == typed)
    }

    @Test(arguments: ["&amp;amp;", "&amp;lt;", "&amp;#039;", "&amp;#x27;", "&amp;quot;"])
    func doubleEscapedTextIsDecodedExactlyOnce(stored: String) {
        #expect(HTMLEntities.decoded(stored) == "&" + stored.dropFirst(5))
    }

    @Test(arguments: [
        "&", "& ", "AT&T", "a && b", "&;", "&amp", "&lt 3", "&copy;", "&nbsp;", "&AMP;", "&unknown;", "&#;", "&#x;", "&#xZZ;", "&#12a;",
        "&#-39;", "&#55296;", "&#xD800;", "&#x110000;", "&#99999999999999;", "&#0;", "&#7;", "&#x1B;",
    ])
    func malformedAndUnknownReferencesAreLeftAsTheyAre(text: String) {
        #expect(HTMLEntities.decoded(text) == text)
    }

    @Test func referencesAmongOtherTextAreDecodedInPlace() {
        #expect(HTMLEntities.decoded("Tom &amp; Jerry&#039;s &quot;光&quot; &lt;1G&gt; & co&&amp;") == "Tom & Jerry's \"光\" <1G> & co&&")
    }

    @Test func textWithoutAmpersandsIsUnchanged() {
        #expect(HTMLEntities.decoded("モバイルデータ 10GB 📱 <b>") == "モバイルデータ 10GB 📱 <b>")
    }
}
