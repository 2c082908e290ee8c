import SeamCore
import SeamFEM

/// Zero-thickness cohesive elements along an interface: geometry precomputed once.
///
/// Element e couples a facet of the "minus" face with the matching facet of the "plus" face:
/// nodes `connectivity[e*2n ..< e*2n+n]` (minus) then `[e*2n+n ..< (e+1)*2n]` (plus), with n
/// the facet's node count (line2: 2, line3: 3, triangle3: 3, quadrilateral4: 4). The opening
/// at a quadrature point is δ = Σ_a N_a (u⁺_a - u⁻_a), expressed in the local frame
/// R = (n, t1, t2) (rows) of the *reference* mid-surface: δ_loc = R δ.
///
/// Small-rotation formulation: R is fixed at the reference configuration, so the element
/// energy E = Σ_q w_q J_q φ(R δ_q) is a function of the nodal displacements alone, its residual
/// f = ∂E/∂u and tangent ∂f/∂u are exact derivatives (symmetric), and the model is valid as
/// long as the faces rotate by small angles (|θ| ≪ 1; a rotation θ turns part of a normal
/// opening into apparent slip, error O(θ)). This matches the geometrically linear bulk used
/// for the fracture regressions.
///
/// Normal: in 2D n = (-t_y, t_x) for the facet tangent t = ∂x/∂ξ/|∂x/∂ξ| (n on the left of
/// the facet direction); in 3D n = a1 × a2/|a1 × a2| with a_i = ∂x/∂ξ_i, t1 = a1/|a1|,
/// t2 = n × t1. `InterfaceSplitter` orders facet nodes so that n points from minus to plus,
/// so δ_n > 0 is opening.
public struct CohesiveInterface: Sendable {
    /// Where the traction is sampled.
    public enum Integration: Sendable, Equatable {
        /// Gauss-Legendre points (exact for the element's polynomial stiffness; can show
        /// spurious traction oscillations when the initial stiffness is very high).
        case gauss
        /// Newton-Cotes / Gauss-Lobatto points at the nodes (line2: the 2 ends, weights 1;
        /// line3: Simpson 1/3, 4/3, 1/3; triangle3: vertices, 1/6 each; quadrilateral4: the
        /// corners, weight 1). Decouples node pairs in the tangent, which removes the traction
        /// oscillations of stiff laws (Schellekens & de Borst, IJNME 36, 43 (1993)); the default.
        case lobatto
    }

    public let facetType: CellType
    /// Spatial dimension (2: line facets, 3: surface facets).
    public let dimension: Int
    public let integration: Integration
    /// Element nodes: n minus-face nodes, then n plus-face nodes, per element.
    public let connectivity: [Int32]
    /// Quadrature points per element.
    public let pointsPerElement: Int
    /// N_a at point q: `shapeValues[q * n + a]` (n facet nodes).
    public let shapeValues: [Double]
    /// Local frame at element e, point q: `frames[e * nq + q]`, rows (n, t1, t2).
    public let frames: [Mat3]
    /// Weight × area element at (e, q), Å^2 (in 2D: × the out-of-plane thickness).
    public let measures: [Double]

    /// Facet nodes n.
    public var facetNodeCount: Int { facetType.nodeCount }
    /// Number of cohesive elements.
    public var count: Int { connectivity.count / (2 * facetNodeCount) }
    /// Total number of quadrature points (size of the history array).
    public var pointCount: Int { count * pointsPerElement }
    /// Total reference area Σ w J (Å^2; in 2D length × thickness).
    public var area: Double { measures.reduce(0, +) }
    /// The connectivity as extra elements for the assembly pattern.
    public var extraConnectivity: ExtraConnectivity {
        ExtraConnectivity(nodesPerElement: 2 * facetNodeCount, connectivity: connectivity)
    }

    /// Quadrature rule on the reference facet for an integration kind.
    public static func rule(_ type: CellType, _ integration: Integration) -> QuadratureRule {
        switch integration {
        case .gauss: return .gauss(type, degree: type == .line3 ? 4 : 2)
        case .lobatto:
            switch type {
            case .line2: return QuadratureRule(points: [Vec3(-1, 0, 0), Vec3(1, 0, 0)], weights: [1, 1])
            case .line3: return QuadratureRule(points: [Vec3(-1, 0, 0), Vec3(0, 0, 0), Vec3(1, 0, 0)], weights: [1.0 / 3, 4.0 / 3, 1.0 / 3])
            case .triangle3: return QuadratureRule(points: [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0)], weights: [1.0 / 6, 1.0 / 6, 1.0 / 6])
            default:
                return QuadratureRule(points: ReferenceElement.nodeCoordinates(.quadrilateral4), weights: [1, 1, 1, 1])
            }
        }
    }

    /// Builds the element geometry on the reference mid-surface (average of the two faces).
    /// - Parameters:
    ///   - nodes: reference node coordinates (Å).
    ///   - facetType: `.line2`/`.line3` (2D) or `.triangle3`/`.quadrilateral4` (3D).
    ///   - thickness: out-of-plane thickness in 2D (Å); ignored in 3D.
    /// - Throws: `InputError` for an unsupported facet type, a node index out of range or a
    ///   degenerate facet (zero length or area).
    public init(nodes: [Vec3], facetType: CellType, connectivity: [Int32], thickness: Double = 1,
                integration: Integration = .lobatto) throws {
        switch facetType {
        case .line2, .line3: dimension = 2
        case .triangle3, .quadrilateral4: dimension = 3
        default:
            throw InputError("cohesive elements need line2, line3, triangle3 or quadrilateral4 facets (got \(facetType.rawValue))")
        }
        let n = facetType.nodeCount
        guard connectivity.count % (2 * n) == 0 else {
            throw InputError("cohesive connectivity has \(connectivity.count) entries, not a multiple of \(2 * n)")
        }
        for node in connectivity where node < 0 || Int(node) >= nodes.count {
            throw InputError("cohesive element names node \(node), but there are \(nodes.count) nodes")
        }
        guard thickness > 0 else { throw InputError("thickness must be positive (got \(thickness))") }
        self.facetType = facetType; self.integration = integration; self.connectivity = connectivity
        let rule = CohesiveInterface.rule(facetType, integration)
        let table = ShapeTable(facetType, rule: rule)
        let nq = rule.count, count = connectivity.count / (2 * n)
        pointsPerElement = nq; shapeValues = table.values
        var frames = [Mat3](repeating: .zero, count: count * nq), measures = [Double](repeating: 0, count: count * nq)
        let dim = dimension
        for e in 0..<count {
            var mid = [Vec3](repeating: .zero, count: n)
            for a in 0..<n {
                mid[a] = 0.5 * (nodes[Int(connectivity[e * 2 * n + a])] + nodes[Int(connectivity[e * 2 * n + n + a])])
            }
            let scale = mid.reduce(0.0) { max($0, ($1 - mid[0]).norm) }
            for q in 0..<nq {
                var a1 = Vec3.zero, a2 = Vec3.zero
                for a in 0..<n { a1 += table.gradients[q * n + a].x * mid[a]; a2 += table.gradients[q * n + a].y * mid[a] }
                let frame: Mat3, jacobian: Double
                if dim == 2 {
                    jacobian = (a1.x * a1.x + a1.y * a1.y).squareRoot()
                    guard jacobian > 1e-12 * max(scale, 1e-300) else {
                        throw InputError("cohesive element \(e) is degenerate (zero length)", suggestion: "check the interface facets")
                    }
                    let t = Vec3(a1.x / jacobian, a1.y / jacobian, 0)
                    frame = Mat3(rows: Vec3(-t.y, t.x, 0), t, Vec3(0, 0, 1))
                } else {
                    let c = a1.cross(a2)
                    jacobian = c.norm
                    guard jacobian > 1e-12 * max(scale * scale, 1e-300) else {
                        throw InputError("cohesive element \(e) is degenerate (zero area)", suggestion: "check the interface facets")
                    }
                    let normal = c / jacobian, t1 = a1.normalized
                    frame = Mat3(rows: normal, t1, normal.cross(t1))
                }
                frames[e * nq + q] = frame
                measures[e * nq + q] = rule.weights[q] * jacobian * (dim == 2 ? thickness : 1)
            }
        }
        self.frames = frames; self.measures = measures
    }

    /// Opening δ (global frame, Å) at (e, q) for the full node-major displacement `u`.
    @inlinable
    public func globalOpening(element e: Int, point q: Int, displacement u: [Double]) -> Vec3 {
        let n = facetNodeCount, d = dimension
        var delta = Vec3.zero
        for a in 0..<n {
            let minus = Int(connectivity[e * 2 * n + a]), plus = Int(connectivity[e * 2 * n + n + a])
            let w = shapeValues[q * n + a]
            for i in 0..<d { delta[i] += w * (u[plus * d + i] - u[minus * d + i]) }
        }
        return delta
    }

    /// Opening in the local frame (normal, slip 1, slip 2) at (e, q), Å.
    @inlinable
    public func localOpening(element e: Int, point q: Int, displacement u: [Double]) -> Vec3 {
        frames[e * pointsPerElement + q] * globalOpening(element: e, point: q, displacement: u)
    }
}
