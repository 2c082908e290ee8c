import SeamCore

/// Per-element, per-symmetry-function statistics of the training set (`scaling.data`):
/// minimum, maximum, mean and (optional) standard deviation of the raw descriptor.
///
/// Values are in n2p2's internal (normalised) units, as n2p2 writes them.
public struct ScalingData: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var minimum: Double
        public var maximum: Double
        public var mean: Double
        /// nil when the file has only five columns (older n2p2, RuNNer).
        public var sigma: Double?
    }
    /// entries[element][sf], element and SF in the potential's sorted order.
    public var entries: [[Entry]]

    /// Parses `scaling.data`. Every line not starting with `#` is data (n2p2 rule); lines are
    /// consumed in order, the first `counts[0]` for element 0 and so on; surplus lines are ignored.
    ///
    /// - Parameters:
    ///   - counts: number of symmetry functions per element index.
    public static func parse(_ text: String, source: String, counts: [Int]) throws -> ScalingData {
        var entries = counts.map { _ in [Entry]() }
        var element = 0
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (n, raw) in lines.enumerated() {
            while element < counts.count && entries[element].count == counts[element] { element += 1 }
            if element == counts.count { break }
            if raw.hasPrefix("#") { continue }
            let t = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            let at = SourceLocation(source: source, line: n + 1)
            if t.isEmpty {
                if n == lines.count - 1 { break }  // final newline
                throw InputError("empty data line in scaling data", at: at)
            }
            guard t.count >= 5, let e = Int(t[0]), let s = Int(t[1]) else {
                throw InputError("scaling line needs: element index, SF index, min, max, mean [, sigma]", at: at)
            }
            let expectedSF = entries[element].count + 1
            if e != element + 1 && s != expectedSF {
                throw InputError("scaling line is for element \(e) SF \(s), expected element \(element + 1) SF \(expectedSF)", at: at)
            }
            var values: [Double] = []
            for k in 2..<min(t.count, 6) {
                guard let v = Double(t[k]), v.isFinite else { throw InputError("scaling value '\(t[k])' is not a number", at: at) }
                values.append(v)
            }
            entries[element].append(Entry(minimum: values[0], maximum: values[1], mean: values[2],
                                          sigma: values.count > 3 ? values[3] : nil))
        }
        while element < counts.count && entries[element].count == counts[element] { element += 1 }
        if element < counts.count {
            throw InputError("scaling data ends early: element \(element + 1) has \(entries[element].count) of \(counts[element]) lines",
                             at: SourceLocation(source: source, line: lines.count))
        }
        return ScalingData(entries: entries)
    }
}
