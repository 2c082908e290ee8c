/// Finite elements: meshes, reference elements, quadrature, assembly, materials.
public enum SeamFEMModule {}
