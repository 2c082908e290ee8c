import Foundation
import SeamCore

/// A CSV table with a one-line header "name [unit]" per column (RFC 4180: CRLF line ends,
/// fields with commas, quotes or line breaks quoted, quotes doubled).
///
/// Values are numbers (written in Swift's shortest round-trip form, so they read back
/// exactly), integers or text. Pure `render() -> String`; `write(to:)` uses `AtomicFile`.
public struct CSVTable: Sendable, Equatable {
    /// One column: its name and its unit (nil or empty when dimensionless).
    public struct Column: Sendable, Equatable {
        public var name: String
        public var unit: String?
        public init(_ name: String, unit: String? = nil) { self.name = name; self.unit = unit }
        /// "name [unit]" or "name".
        public var header: String { unit.map { $0.isEmpty ? name : "\(name) [\($0)]" } ?? name }
    }

    /// A cell value.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case integer(Int)
        case text(String)
        var field: String {
            switch self {
            case .number(let v): v.isFinite ? "\(v)" : (v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf"))
            case .integer(let v): String(v)
            case .text(let s): s
            }
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[Value]] = []

    public init(columns: [Column]) {
        precondition(!columns.isEmpty, "a CSV table needs at least one column")
        self.columns = columns
    }

    /// Appends a row (precondition: one value per column).
    public mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "row has \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }
    /// Appends a row of numbers.
    public mutating func append(numbers: [Double]) { append(numbers.map { .number($0) }) }

    /// The RFC 4180 text: header line, then one line per row, each ended by CRLF.
    public func render() -> String {
        var out = columns.map { CSVTable.quoted($0.header) }.joined(separator: ",") + "\r\n"
        for row in rows { out += row.map { CSVTable.quoted($0.field) }.joined(separator: ",") + "\r\n" }
        return out
    }

    /// Writes the table atomically.
    public func write(to url: URL) throws { try AtomicFile.write(render(), to: url) }

    /// A field quoted when it contains a comma, a double quote, CR or LF (quotes doubled), or
    /// leading/trailing spaces.
    public static func quoted(_ s: String) -> String {
        let needs = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || s.first == " " || s.last == " "
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
