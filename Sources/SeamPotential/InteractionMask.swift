/// Which atoms may interact: every atom belongs to a group, and a symmetric table says which
/// pairs of groups see each other.
///
/// A masked pair (i, j) contributes nothing to any descriptor, energy, force or stress: the
/// neighbour list drops it, and many-body terms (angular symmetry functions) skip every triplet
/// with a masked pair in it. The coupling uses this to stop the atoms of two bodies interacting
/// across an interface whose adhesion a cohesive law carries instead.
public struct InteractionMask: Sendable, Hashable {
    /// Group index of every atom (0..<groupCount).
    public let groups: [Int32]
    public let groupCount: Int
    /// Row-major groupCount x groupCount table: `allowed[a*groupCount+b]`.
    @usableFromInline let allowed: [Bool]

    /// Groups given per atom; `separated` lists pairs of groups that must not see each other.
    /// Groups always see themselves.
    public init(groups: [Int], separated: [(Int, Int)]) {
        let n = (groups.max() ?? -1) + 1
        precondition(groups.allSatisfy { $0 >= 0 }, "group indices must be non-negative")
        var table = [Bool](repeating: true, count: n * n)
        for (a, b) in separated {
            precondition(a >= 0 && b >= 0 && a < n && b < n && a != b, "invalid separated pair (\(a), \(b))")
            table[a * n + b] = false; table[b * n + a] = false
        }
        self.groups = groups.map { Int32($0) }; self.groupCount = n; self.allowed = table
    }

    /// Every group sees only itself (the usual two-body contact: body 0 and body 1).
    public static func isolating(groups: [Int]) -> InteractionMask {
        let n = (groups.max() ?? -1) + 1
        var pairs: [(Int, Int)] = []
        for a in 0..<n { for b in (a + 1)..<max(n, a + 1) { pairs.append((a, b)) } }
        return InteractionMask(groups: groups, separated: pairs)
    }

    /// Whether atoms i and j interact.
    @inlinable public func interacts(_ i: Int, _ j: Int) -> Bool {
        allowed[Int(groups[i]) * groupCount + Int(groups[j])]
    }
}
