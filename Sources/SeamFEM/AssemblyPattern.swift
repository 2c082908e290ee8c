import SeamCore
import SeamNumerics

/// The compressed-column pattern (upper triangle) of the reduced stiffness matrix and, for every
/// cell, the position of each of its local matrix entries in the value array.
///
/// Computed once per mesh and set of constraints; every assembly afterwards is a plain
/// scatter-add `values[position] += Ke[I, J]` with no searching or sorting, which is what keeps
/// assembly well under the cost of a factorisation (`seam-bench` FEM benchmark).
public struct AssemblyPattern: Sendable {
    public let pattern: SparseMatrixPattern
    /// Per cell block: for cell c and local pair (I <= J) in row-major upper-triangle order,
    /// `positions[block][c * pairCount + pairIndex]` is the value index, or -1 when either dof
    /// is constrained. Local dof I = localNode * componentsPerNode + component.
    public let positions: [[Int32]]

    /// Local upper-triangle pairs of a cell with `n` local dofs.
    @inlinable public static func pairCount(localDofs n: Int) -> Int { n * (n + 1) / 2 }

    public init(mesh: Mesh, dofMap: DofMap) {
        let d = dofMap.componentsPerNode, nNodes = mesh.nodes.count
        // Node -> cells incidence (CSR), all blocks.
        var incidenceStart = [Int](repeating: 0, count: nNodes + 1)
        for block in mesh.cells { for n in block.connectivity { incidenceStart[Int(n) + 1] += 1 } }
        for i in 0..<nNodes { incidenceStart[i + 1] += incidenceStart[i] }
        var fill = incidenceStart
        var incidence = [Int32](repeating: 0, count: incidenceStart[nNodes]) // encoded (block, cell) as global cell id
        var blockOffset = [Int](), offset = 0
        for block in mesh.cells { blockOffset.append(offset); offset += block.count }
        for (b, block) in mesh.cells.enumerated() {
            let nn = block.type.nodeCount
            for c in 0..<block.count { for a in 0..<nn {
                let n = Int(block.connectivity[c * nn + a]); incidence[fill[n]] = Int32(blockOffset[b] + c); fill[n] += 1
            } }
        }
        func cellNodes(_ global: Int) -> ArraySlice<Int32> {
            var b = 0
            while b + 1 < blockOffset.count && blockOffset[b + 1] <= global { b += 1 }
            return mesh.cells[b].nodes(of: global - blockOffset[b])
        }
        // Free components per node and the rank of each component among them.
        var freeComps = [Int32](repeating: 0, count: nNodes)
        var rank = [Int32](repeating: -1, count: nNodes * d)
        for n in 0..<nNodes { var r: Int32 = 0; for c in 0..<d where dofMap.equation[n * d + c] >= 0 { rank[n * d + c] = r; r += 1 }; freeComps[n] = r }
        // Upper node adjacency: for node b, the sorted nodes a <= b sharing a cell with it.
        var adjStart = [Int](repeating: 0, count: nNodes + 1)
        var adjacency: [Int32] = []
        adjacency.reserveCapacity(incidence.count * 2)
        var stamp = [Int32](repeating: -1, count: nNodes)
        var scratch: [Int32] = []
        for b in 0..<nNodes {
            scratch.removeAll(keepingCapacity: true)
            for k in incidenceStart[b]..<incidenceStart[b + 1] {
                for a in cellNodes(Int(incidence[k])) where a <= Int32(b) && stamp[Int(a)] != Int32(b) {
                    stamp[Int(a)] = Int32(b); scratch.append(a)
                }
            }
            scratch.sort()
            adjacency += scratch
            adjStart[b + 1] = adjacency.count
        }
        // Offset of node a's rows inside the columns of node b: rows of earlier neighbours.
        var adjOffset = [Int32](repeating: 0, count: adjacency.count)
        var colStarts: [Int32] = [0]
        colStarts.reserveCapacity(dofMap.freeCount + 1)
        var rows: [Int32] = []
        var columnOfNode = [Int32](repeating: 0, count: nNodes * d) // start position of column (n, c)
        for b in 0..<nNodes {
            var acc: Int32 = 0
            for k in adjStart[b]..<adjStart[b + 1] { adjOffset[k] = acc; acc += freeComps[Int(adjacency[k])] }
            for q in 0..<d where dofMap.equation[b * d + q] >= 0 {
                columnOfNode[b * d + q] = colStarts.last!
                for k in adjStart[b]..<adjStart[b + 1] {
                    let a = Int(adjacency[k])
                    for p in 0..<d {
                        let e = dofMap.equation[a * d + p]
                        if e >= 0 && (a < b || p <= q) { rows.append(e) }
                    }
                }
                colStarts.append(Int32(rows.count))
            }
        }
        pattern = SparseMatrixPattern(dimension: dofMap.freeCount, columnStarts: colStarts, rowIndices: rows, triangle: .upper)
        // Per-cell positions.
        var allPositions: [[Int32]] = []
        for block in mesh.cells {
            let nn = block.type.nodeCount, nd = nn * d, pairs = AssemblyPattern.pairCount(localDofs: nd)
            var pos = [Int32](repeating: -1, count: block.count * pairs)
            var nodeOff = [Int32](repeating: 0, count: nn * nn)
            pos.withUnsafeMutableBufferPointer { out in
                for c in 0..<block.count {
                    let base = c * nn
                    // Offsets for node pairs (row node a <= column node b).
                    for i in 0..<nn { for j in 0..<nn {
                        let a = block.connectivity[base + i], b = block.connectivity[base + j]
                        guard a <= b else { continue }
                        var lo = adjStart[Int(b)], hi = adjStart[Int(b) + 1]
                        while lo < hi { let m = (lo + hi) >> 1; if adjacency[m] < a { lo = m + 1 } else { hi = m } }
                        nodeOff[i * nn + j] = adjOffset[lo]
                    } }
                    var k = c * pairs
                    for I in 0..<nd { for J in I..<nd {
                        defer { k += 1 }
                        var i = I / d, p = I % d, j = J / d, q = J % d
                        var a = Int(block.connectivity[base + i]), b = Int(block.connectivity[base + j])
                        if a > b || (a == b && p > q) { swap(&a, &b); swap(&i, &j); swap(&p, &q) }
                        guard dofMap.equation[a * d + p] >= 0, dofMap.equation[b * d + q] >= 0 else { continue }
                        out[k] = columnOfNode[b * d + q] + nodeOff[i * nn + j] + rank[a * d + p]
                    } }
                }
            }
            allPositions.append(pos)
        }
        positions = allPositions
    }
}
