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
        // All cells' nodes back to back (cell k has nodes flat[cellStart[k] ..< cellStart[k+1]]).
        var flat: [Int32] = [], cellStart: [Int] = [0]
        for block in mesh.cells {
            flat += block.connectivity
            let nn = block.type.nodeCount
            for _ in 0..<block.count { cellStart.append(cellStart.last! + nn) }
        }
        // Node -> cells incidence (CSR).
        var incidenceStart = [Int](repeating: 0, count: nNodes + 1)
        for n in flat { incidenceStart[Int(n) + 1] += 1 }
        for i in 0..<nNodes { incidenceStart[i + 1] += incidenceStart[i] }
        var incidence = [Int32](repeating: 0, count: flat.count)
        do {
            var fill = incidenceStart
            for c in 0..<(cellStart.count - 1) {
                for k in cellStart[c]..<cellStart[c + 1] { let n = Int(flat[k]); incidence[fill[n]] = Int32(c); fill[n] += 1 }
            }
        }
        // Free components per node and the rank of each component among them.
        var freeComps = [Int32](repeating: 0, count: nNodes)
        var rank = [Int32](repeating: -1, count: nNodes * d)
        for n in 0..<nNodes { var r: Int32 = 0; for c in 0..<d where dofMap.equation[n * d + c] >= 0 { rank[n * d + c] = r; r += 1 }; freeComps[n] = r }
        // Upper node adjacency: for node b, the sorted nodes a <= b sharing a cell with it.
        var adjStart = [Int](repeating: 0, count: nNodes + 1)
        var adjacency: [Int32] = []
        adjacency.reserveCapacity(flat.count * 2)
        var stamp = [Int32](repeating: -1, count: nNodes)
        var scratch: [Int32] = []
        flat.withUnsafeBufferPointer { flat in
        incidence.withUnsafeBufferPointer { incidence in
        stamp.withUnsafeMutableBufferPointer { stamp in
            for b in 0..<nNodes {
                scratch.removeAll(keepingCapacity: true)
                let bb = Int32(b)
                for k in incidenceStart[b]..<incidenceStart[b + 1] {
                    let c = Int(incidence[k])
                    for m in cellStart[c]..<cellStart[c + 1] {
                        let a = flat[m]
                        if a <= bb && stamp[Int(a)] != bb { stamp[Int(a)] = bb; scratch.append(a) }
                    }
                }
                scratch.sort()
                adjacency += scratch
                adjStart[b + 1] = adjacency.count
            }
        } } }
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
            let pairs = AssemblyPattern.pairCount(localDofs: block.type.nodeCount * d)
            var pos = [Int32](repeating: -1, count: block.count * pairs)
            block.connectivity.withUnsafeBufferPointer { conn in
            dofMap.equation.withUnsafeBufferPointer { equation in
            columnOfNode.withUnsafeBufferPointer { columnOfNode in
            rank.withUnsafeBufferPointer { rank in
            adjStart.withUnsafeBufferPointer { adjStart in
            adjacency.withUnsafeBufferPointer { adjacency in
            adjOffset.withUnsafeBufferPointer { adjOffset in
            pos.withUnsafeMutableBufferPointer { out in
                AssemblyPattern.fillPositions(nodesPerCell: block.type.nodeCount, components: d, cells: block.count, connectivity: conn,
                                              equation: equation, columnOfNode: columnOfNode, rank: rank, adjacencyStart: adjStart,
                                              adjacency: adjacency, adjacencyOffset: adjOffset, into: out)
            } } } } } } } }
            allPositions.append(pos)
        }
        positions = allPositions
    }

    /// Per-cell value positions from the node adjacency (raw buffers: runs once per cell of the
    /// benchmark's million-unknown mesh).
    private static func fillPositions(nodesPerCell nn: Int, components d: Int, cells: Int, connectivity conn: UnsafeBufferPointer<Int32>,
                                      equation: UnsafeBufferPointer<Int32>, columnOfNode: UnsafeBufferPointer<Int32>,
                                      rank: UnsafeBufferPointer<Int32>, adjacencyStart: UnsafeBufferPointer<Int>,
                                      adjacency: UnsafeBufferPointer<Int32>, adjacencyOffset: UnsafeBufferPointer<Int32>,
                                      into out: UnsafeMutableBufferPointer<Int32>) {
        let nd = nn * d, pairs = pairCount(localDofs: nd)
        var nodeOff = [Int32](repeating: 0, count: nn * nn)
        let localNode = (0..<nd).map { $0 / d }, localComp = (0..<nd).map { $0 % d }
        nodeOff.withUnsafeMutableBufferPointer { nodeOff in
            for c in 0..<cells {
                let base = c * nn
                // Offsets for node pairs (row node a <= column node b).
                for i in 0..<nn { for j in 0..<nn {
                    let a = conn[base + i], b = conn[base + j]
                    guard a <= b else { continue }
                    var lo = adjacencyStart[Int(b)], hi = adjacencyStart[Int(b) + 1]
                    while lo < hi { let m = (lo + hi) >> 1; if adjacency[m] < a { lo = m + 1 } else { hi = m } }
                    nodeOff[i * nn + j] = adjacencyOffset[lo]
                } }
                var k = c * pairs
                for I in 0..<nd { for J in I..<nd {
                    defer { k += 1 }
                    var i = localNode[I], p = localComp[I], j = localNode[J], q = localComp[J]
                    var a = Int(conn[base + i]), b = Int(conn[base + j])
                    if a > b || (a == b && p > q) { swap(&a, &b); swap(&i, &j); swap(&p, &q) }
                    guard equation[a * d + p] >= 0, equation[b * d + q] >= 0 else { continue }
                    out[k] = columnOfNode[b * d + q] + nodeOff[i * nn + j] + rank[a * d + p]
                } }
            }
        }
    }
}
