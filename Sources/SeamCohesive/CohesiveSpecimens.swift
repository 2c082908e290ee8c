import SeamCore
#if canImport(Glibc)
import Glibc
#endif
import SeamFEM

/// Structured specimens for cohesive fracture: meshes already split, with named node sets for
/// the boundary conditions. Lengths in Å.
public enum CohesiveSpecimens {
    /// Two blocks bonded along y = height/2: a rectangle (2D; `quadrilateral4`, `triangle3` or
    /// `triangle6` cells) or a box (3D; `hexahedron8` or `tetrahedron4`) of `cellsY` (even)
    /// layers, split along the mid-plane with cohesive elements on every facet.
    /// Node sets from the generator ("left", "right", "bottom", "top", "back", "front") and
    /// "interface" (both faces).
    public static func bondedBlocks(cellType: CellType, cellsX: Int, cellsY: Int, cellsZ: Int = 1,
                                    size: Vec3, distortion: Double = 0) throws -> SplitMesh {
        guard cellsY >= 2, cellsY % 2 == 0 else { throw InputError("bonded blocks need an even number of layers (got \(cellsY))") }
        var mesh: Mesh
        if cellType.dimension == 2 {
            mesh = try StructuredMesh.rectangle(cellsX: cellsX, cellsY: cellsY, width: size.x, height: size.y, cellType: cellType, distortion: distortion)
        } else {
            mesh = try StructuredMesh.box(cellsX: cellsX, cellsY: cellsY, cellsZ: cellsZ, size: size, cellType: cellType, distortion: distortion)
        }
        let mid = 0.5 * size.y, tol = 1e-9 * size.y
        mesh.nodeSets["interface"] = mesh.nodes.indices.filter { abs(mesh.nodes[$0].y - mid) < tol }.map { Int32($0) }
        return try InterfaceSplitter.split(mesh, interface: "interface", plusSide: { $0.y > mid })
    }

    /// Double cantilever beam, 2D: two arms of height `armHeight` and length `length` bonded
    /// along y = armHeight for x ≥ `initialCrack` (free crack faces before). Node sets
    /// "loadPlus"/"loadMinus": the end faces x = 0 of the upper and lower arm; "right": x = length.
    /// Cells: `cellsPerArm` layers per arm; along x cells of size armHeight/cellsPerArm, and
    /// `refinedCellSize` inside `refinedZone` (the crack path, where the cohesive zone must be
    /// resolved). Keep cells no longer than they are high: bilinear cells lock in bending.
    public static func doubleCantileverBeam(armHeight h: Double, length: Double, initialCrack a0: Double,
                                            cellsPerArm: Int, refinedCellSize: Double? = nil,
                                            refinedZone: ClosedRange<Double>? = nil) throws -> SplitMesh {
        guard a0 > 0, a0 < length, h > 0, cellsPerArm >= 1 else { throw InputError("DCB needs 0 < initial crack < length, a positive arm height and cells") }
        let coarse = h / Double(cellsPerArm)
        // Piecewise-uniform spacing along x: [0, x1] coarse, [x1, x2] fine, [x2, L] coarse.
        let zone = refinedZone.map { max(0, $0.lowerBound)...min(length, $0.upperBound) } ?? 0...0
        let fine = refinedCellSize ?? coarse
        let n1 = Int((zone.lowerBound / coarse).rounded()), n2 = Int(((zone.upperBound - zone.lowerBound) / fine).rounded())
        let n3 = max(1, Int(((length - zone.upperBound) / coarse).rounded()))
        let x1 = zone.lowerBound, x2 = zone.upperBound
        let map: @Sendable (Vec3) -> Vec3 = { p in
            let i = p.x
            let x: Double
            if i <= Double(n1) { x = n1 == 0 ? 0 : x1 * i / Double(n1) }
            else if i <= Double(n1 + n2) { x = x1 + (x2 - x1) * (i - Double(n1)) / Double(max(n2, 1)) }
            else { x = x2 + (length - x2) * (i - Double(n1 + n2)) / Double(n3) }
            return Vec3(x, p.y, p.z)
        }
        let nx = n1 + n2 + n3
        var mesh = try StructuredMesh.rectangle(cellsX: nx, cellsY: 2 * cellsPerArm, width: Double(nx), height: 2 * h,
                                                cellType: .quadrilateral4, map: map)
        let tol = 1e-9 * h
        mesh.nodeSets["interface"] = mesh.nodes.indices.filter { abs(mesh.nodes[$0].y - h) < tol }.map { Int32($0) }
        var split = try InterfaceSplitter.split(mesh, interface: "interface", plusSide: { $0.y > h }, bonded: { $0.x > a0 })
        // End faces of each arm: nodes at x = 0 of the cells on each side.
        var plus = Set<Int32>(), minus = Set<Int32>()
        for block in split.mesh.cells {
            let nn = block.type.nodeCount
            for c in 0..<block.count {
                let nodes = block.nodes(of: c)
                let centroidY = nodes.reduce(0.0) { $0 + split.mesh.nodes[Int($1)].y } / Double(nn)
                for n in nodes where abs(split.mesh.nodes[Int(n)].x) < tol {
                    if centroidY > h { plus.insert(n) } else { minus.insert(n) }
                }
            }
        }
        split.mesh.nodeSets["loadPlus"] = plus.sorted()
        split.mesh.nodeSets["loadMinus"] = minus.sorted()
        return split
    }

    /// Quarter of a plate of width W = 2 `halfWidth` and height 2 `halfHeight` with a centre
    /// crack of length 2a (plane problems): the domain [0, W/2] × [0, H/2], cohesive elements
    /// between the ligament y = 0, x ≥ a and the symmetry plane (`groundedBoundary`; use a
    /// `MirroredLaw`). Cells of size `tipCellSize` along x in `refinedZone` (around the tip and
    /// the first stretch of crack growth: the cohesive zone must be resolved wherever it
    /// travels) and along y next to the ligament, growing geometrically to the outer edges
    /// (`outerCells` cells on each graded stretch). Node sets: "left" (x = 0, symmetry: fix
    /// u_x), "top" (loaded), "bottom", "right"; boundary group "top" for the traction.
    public static func centreCrackQuarterPlate(halfWidth: Double, halfHeight: Double, crackHalfLength a: Double,
                                               tipCellSize: Double, refinedZone: ClosedRange<Double>,
                                               outerCells: Int = 25, cellType: CellType = .quadrilateral4) throws -> SplitMesh {
        guard a > 0, a < halfWidth, refinedZone.contains(a), refinedZone.lowerBound > 0, refinedZone.upperBound < halfWidth else {
            throw InputError("need 0 < zone start ≤ a ≤ zone end < half width")
        }
        let nFine = Int(((refinedZone.upperBound - refinedZone.lowerBound) / tipCellSize).rounded())
        let nLeft = max(2, outerCells / 2)
        let left: [Double] = Array(geometric(from: refinedZone.lowerBound, to: 0, first: tipCellSize, count: nLeft).reversed())
        let width = refinedZone.upperBound - refinedZone.lowerBound
        let middle: [Double] = (1...nFine).map { refinedZone.lowerBound + Double($0) * width / Double(nFine) }
        let right: [Double] = Array(geometric(from: refinedZone.upperBound, to: halfWidth, first: tipCellSize, count: outerCells).dropFirst())
        let xs = left + middle + right
        let ys = geometric(from: 0, to: halfHeight, first: tipCellSize, count: outerCells)
        let xCoords = Array(xs), yCoords = ys
        let nx = xCoords.count - 1, ny = yCoords.count - 1
        // Logical coordinates are cell indices; mid-edge nodes (quadratic cells) sit halfway.
        @Sendable func interpolate(_ c: [Double], _ t: Double) -> Double {
            let i = min(c.count - 2, max(0, Int(t.rounded(.down)))), f = t - Double(i)
            return c[i] + f * (c[i + 1] - c[i])
        }
        let mesh = try StructuredMesh.rectangle(cellsX: nx, cellsY: ny, width: Double(nx), height: Double(ny), cellType: cellType,
                                                map: { p in Vec3(interpolate(xCoords, p.x), interpolate(yCoords, p.y), 0) })
        return try InterfaceSplitter.groundedBoundary(mesh, nodeSet: "bottom", bonded: { $0.x > a })
    }

    /// count + 1 coordinates from `start` to `end` whose spacing starts at `first` and grows
    /// (or shrinks) geometrically; the ratio is found by bisection.
    static func geometric(from start: Double, to end: Double, first: Double, count n: Int) -> [Double] {
        let length = abs(end - start), sign: Double = end >= start ? 1 : -1
        var lo = 1e-6, hi = 10.0
        func total(_ r: Double) -> Double { abs(r - 1) < 1e-12 ? first * Double(n) : first * (pow(r, Double(n)) - 1) / (r - 1) }
        for _ in 0..<200 { let mid = 0.5 * (lo + hi); if total(mid) < length { lo = mid } else { hi = mid } }
        let r = 0.5 * (lo + hi)
        var out = [start], step = first
        for k in 1...n { out.append(k == n ? end : out[k - 1] + sign * step); step *= r }
        return out
    }
}
