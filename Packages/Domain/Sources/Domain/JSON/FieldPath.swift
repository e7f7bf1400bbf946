/// Where a value sits in a raw payload. Built as a chain so that reading a field costs no string work;
/// the text is only rendered when a `MappingError` needs it.
final class FieldPath: Sendable {
    private enum Step: Sendable {
        case root
        case key(String)
        case index(Int)
    }

    private let parent: FieldPath?
    private let step: Step

    static let root = FieldPath(parent: nil, step: .root)

    private init(parent: FieldPath?, step: Step) {
        self.parent = parent
        self.step = step
    }

    func appending(_ key: String) -> FieldPath { FieldPath(parent: self, step: .key(key)) }
    func appending(index: Int) -> FieldPath { FieldPath(parent: self, step: .index(index)) }

    func rendered(with key: String? = nil) -> String {
        var text = ""
        render(into: &text)
        if let key { text += text.isEmpty ? key : ".\(key)" }
        return text.isEmpty ? "$" : text
    }

    private func render(into text: inout String) {
        parent?.render(into: &text)
        switch step {
        case .root: break
        case .key(let key): text += text.isEmpty ? key : ".\(key)"
        case .index(let index): text += "[\(index)]"
        }
    }
}
