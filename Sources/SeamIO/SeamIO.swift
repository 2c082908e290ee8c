/// File formats: extended XYZ, n2p2 input.data, Gmsh, VTU, CSV, SVG; atomic writes.
public enum SeamIOModule {}
