/// Where a piece of user input came from: a file (or other named source), and a line.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var column: Int?
    public init(source: String, line: Int? = nil, column: Int? = nil) {
        self.source = source; self.line = line; self.column = column
    }
    public var description: String {
        var s = source
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// An error in user input or data, with the place it was found and, where possible, a fix.
///
/// Programmer errors are `precondition`s; everything a user can cause is one of these.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var location: SourceLocation?
    public var message: String
    public var suggestion: String?
    public init(_ message: String, at location: SourceLocation? = nil, suggestion: String? = nil) {
        self.message = message; self.location = location; self.suggestion = suggestion
    }
    public var description: String {
        var s = location.map { "\($0): error: " } ?? "error: "
        s += message
        if let suggestion { s += " (\(suggestion))" }
        return s
    }
}

/// A numerical failure (non-positive-definite matrix, diverging iteration, NaN) with context.
public struct NumericalError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case notPositiveDefinite, diverged, notANumber, singular, noConvergence }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }
    public var description: String { "numerical error (\(kind.rawValue)): \(message)" }
}
