import SeamCore
/// Sparse and dense linear algebra, Newton and minimisers. The only importer of the C shims.
public enum SeamNumericsModule {}
