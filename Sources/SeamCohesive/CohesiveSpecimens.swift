import SeamCore
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
    /// Elements: `cellsPerArm` layers per arm, square-ish cells of size armHeight/cellsPerArm.
    public static func doubleCantileverBeam(armHeight h: Double, length: Double, initialCrack a0: Double,
                                            cellsPerArm: Int, cellType: CellType = .quadrilateral4) throws -> SplitMesh {
        guard a0 > 0, a0 < length, h > 0 else { throw InputError("DCB needs 0 < initial crack < length and a positive arm height") }
        let size = h / Double(cellsPerArm)
        let nx = Int((length / size).rounded())
        var mesh = try StructuredMesh.rectangle(cellsX: nx, cellsY: 2 * cellsPerArm, width: length, height: 2 * h, cellType: cellType)
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
    /// `MirroredLaw`), cells graded toward the crack tip (a, 0) with `grading` exponents
    /// (x, y). Node sets: "left" (x = 0, symmetry: fix u_x), "top" (loaded), "bottom", "right";
    /// boundary group "top" for the traction.
    public static func centreCrackQuarterPlate(halfWidth: Double, halfHeight: Double, crackHalfLength a: Double,
                                               cellsX: Int, cellsY: Int, grading: (x: Double, y: Double) = (2, 2)) throws -> SplitMesh {
        guard a > 0, a < halfWidth else { throw InputError("the crack half-length must lie in (0, half width)") }
        let mesh = try StructuredMesh.rectangle(cellsX: cellsX, cellsY: cellsY, width: halfWidth, height: halfHeight, cellType: .quadrilateral4,
                                                grading: Grading(toward: Vec3(a, 0, 0), exponents: Vec3(grading.x, grading.y, 1)))
        return try InterfaceSplitter.groundedBoundary(mesh, nodeSet: "bottom", bonded: { $0.x > a })
    }
}
