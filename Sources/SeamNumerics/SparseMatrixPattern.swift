import SeamCore

/// The nonzero pattern of one triangle of a symmetric sparse matrix in compressed-column form.
///
/// Column `j` holds rows `rowIndices[columnStarts[j] ..< columnStarts[j+1]]`, all on the stored
/// triangle (`i <= j` for `.upper`, `i >= j` for `.lower`), sorted increasingly. Values travel
/// separately (`[Double]` of length `nonzeroCount`, same order) so that one pattern serves every
/// refactorisation. Indices are `Int32` (CHOLMOD's `int` API: fewer than 2^31 entries).
public struct SparseMatrixPattern: Sendable, Equatable {
    /// Which triangle of the symmetric matrix is stored.
    public enum Triangle: Sendable { case upper, lower }
    /// Number of rows and columns.
    public var dimension: Int
    /// Column starts, `dimension + 1` entries, `columnStarts[0] == 0`.
    public var columnStarts: [Int32]
    /// Row index of each stored entry.
    public var rowIndices: [Int32]
    public var triangle: Triangle

    /// Validates the compressed-column arrays (programmer errors are preconditions).
    public init(dimension: Int, columnStarts: [Int32], rowIndices: [Int32], triangle: Triangle = .upper) {
        precondition(dimension >= 0 && columnStarts.count == dimension + 1, "columnStarts needs dimension+1 entries")
        precondition(columnStarts.first == 0 && Int(columnStarts.last!) == rowIndices.count, "columnStarts must span rowIndices")
        self.dimension = dimension; self.columnStarts = columnStarts; self.rowIndices = rowIndices; self.triangle = triangle
    }
    /// Stored entries.
    public var nonzeroCount: Int { rowIndices.count }

    /// Position of entry (row, column) in the value array, or nil when it is not stored.
    public func position(row: Int, column: Int) -> Int? {
        var lo = Int(columnStarts[column]), hi = Int(columnStarts[column + 1])
        let r = Int32(row)
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowIndices[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        return lo < Int(columnStarts[column + 1]) && rowIndices[lo] == r ? lo : nil
    }

    /// y = A x for the full symmetric matrix whose stored triangle has `values`.
    public func multiply(values: [Double], _ x: [Double]) -> [Double] {
        precondition(values.count == nonzeroCount && x.count == dimension)
        var y = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension {
            for p in Int(columnStarts[j])..<Int(columnStarts[j + 1]) {
                let i = Int(rowIndices[p]), v = values[p]
                y[i] += v * x[j]
                if i != j { y[j] += v * x[i] }
            }
        }
        return y
    }
}
