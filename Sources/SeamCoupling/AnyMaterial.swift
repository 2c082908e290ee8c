import SeamCore
import SeamFEM

/// A type-erased `Material`, for the edges where the concrete type is not known statically:
/// e.g. an `ElasticityModel<AnyMaterial>` for output (VTU through `FEMResultWriter`) of a
/// problem whose material came from a deck as `any Material`. Solvers open the existential
/// instead and run specialised; this box costs a dynamic call per quadrature point.
public struct AnyMaterial: Material {
    public let base: any Material
    public init(_ base: any Material) { self.base = base }
    public func response(at deformationGradient: Mat3, request: MaterialRequest) throws -> MaterialResponse {
        try base.response(at: deformationGradient, request: request)
    }
    public var massDensity: Double? { base.massDensity }
}
