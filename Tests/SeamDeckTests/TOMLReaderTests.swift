import Testing
import SeamDeck

@Test func theTOMLReaderKeepsValuesNestingAndTheLineOfEveryKey() throws {
    let text = """
        # comment
        title = "a \\"quoted\\" word" # trailing comment
        [a]
        n = 1_000
        x = -2.5e-3
        flag = true
        list = [
            1, 2,   # comment inside
            3,
        ]
        lit = 'C:\\path'
        [a.b]
        inline = { k = "v", m = [1.5, 2] }
        [[items]]
        id = 1
        [[items]]
        id = 2
        dotted.key = "d"
        """
    let (root, errors) = TOMLReader.parse(text, source: "t.toml")
    #expect(errors.isEmpty, "\(errors)")
    #expect(root["title"]?.kind == .string("a \"quoted\" word"))
    guard case .table(let a)? = root["a"]?.kind else { Issue.record("no [a]"); return }
    #expect(a["n"]?.kind == .integer(1000))
    #expect(a["x"]?.kind == .float(-2.5e-3))
    #expect(a["flag"]?.kind == .boolean(true))
    #expect(a["lit"]?.kind == .string("C:\\path"))
    #expect(a.entry("flag")?.line == 6)
    guard case .array(let list)? = a["list"]?.kind else { Issue.record("no list"); return }
    #expect(list.map(\.kind) == [.integer(1), .integer(2), .integer(3)])
    #expect(list.map(\.line) == [8, 8, 9])
    guard case .table(let b)? = a["b"]?.kind, case .table(let inline)? = b["inline"]?.kind else { Issue.record("no a.b"); return }
    #expect(inline["k"]?.kind == .string("v"))
    guard case .array(let items)? = root["items"]?.kind, items.count == 2, case .table(let second) = items[1].kind else {
        Issue.record("no [[items]]"); return
    }
    #expect(second["id"]?.kind == .integer(2))
    #expect(second.entry("id")?.line == 17)
    guard case .table(let dotted)? = second["dotted"]?.kind else { Issue.record("no dotted"); return }
    #expect(dotted["key"]?.kind == .string("d"))
}
