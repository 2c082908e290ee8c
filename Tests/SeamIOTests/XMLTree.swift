import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal DOM built with Foundation's XMLParser, to check written VTU/PVD/SVG files with
/// an independent reader.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""
    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// All descendants (depth first) with the given element name.
    func all(_ n: String) -> [XMLNode] { children.flatMap { ($0.name == n ? [$0] : []) + $0.all(n) } }
    func first(_ n: String) -> XMLNode? { all(n).first }
    /// Whitespace-separated numbers of the text content.
    var numbers: [Double] { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) } }

    static func parse(_ s: String) throws -> XMLNode {
        let builder = Builder()
        let parser = XMLParser(data: Data(s.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XMLError(message: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    struct XMLError: Error { var message: String }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let node = XMLNode(name: elementName, attributes: attributeDict)
            if let top = stack.last { top.children.append(node) } else { root = node }
            stack.append(node)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            stack.removeLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }
}
