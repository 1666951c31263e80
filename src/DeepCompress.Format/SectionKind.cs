namespace DeepCompress.Format;

/// <summary>The kind field of a section header; sections appear in this order.</summary>
internal enum SectionKind : ushort
{
    Metadata = 1,
    Graph = 2,
    Layer = 3,
}
