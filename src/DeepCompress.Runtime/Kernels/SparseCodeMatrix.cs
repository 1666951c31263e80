using DeepCompress.Core;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A weight-shared sparse matrix laid out for inference: compressed rows (CSR) whose values stay as codebook
/// indices, one byte each when the codebook has at most 256 entries, two bytes otherwise. Kernels look the
/// value up while multiplying, so weights are never expanded to floats.
/// </summary>
internal sealed class SparseCodeMatrix
{
    /// <summary>Entries the 512-bit path can hold in two registers and index with one permute.</summary>
    public const int RegisterCodebookSize = 32;

    private SparseCodeMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, byte[]? narrowCodes, ushort[]? wideCodes, float[] codebook, int codebookSize)
    {
        Rows = rows;
        Columns = columns;
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        NarrowCodes = narrowCodes;
        WideCodes = wideCodes;
        Codebook = codebook;
        CodebookSize = codebookSize;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row r's nonzeros are [RowStart[r], RowStart[r + 1]); length Rows + 1.</summary>
    public int[] RowStart { get; }

    /// <summary>Column of each nonzero, ascending within a row.</summary>
    public int[] ColumnIndex { get; }

    /// <summary>Codes when the codebook has at most 256 entries, else null.</summary>
    public byte[]? NarrowCodes { get; }

    /// <summary>Codes when the codebook has more than 256 entries, else null.</summary>
    public ushort[]? WideCodes { get; }

    /// <summary>Shared values, zero-padded to at least <see cref="RegisterCodebookSize"/> entries.</summary>
    public float[] Codebook { get; }

    /// <summary>Entries of the codebook before padding.</summary>
    public int CodebookSize { get; }

    public int NonZeroCount => ColumnIndex.Length;

    /// <summary>Codebook index of nonzero <paramref name="j"/>, whichever width the codes are stored in.</summary>
    public int Code(int j) => NarrowCodes is not null ? NarrowCodes[j] : WideCodes![j];

    /// <summary>
    /// Views <paramref name="tensor"/> as a <paramref name="rows"/> x <paramref name="columns"/> matrix. When
    /// <paramref name="transposed"/> is set the tensor is stored as columns x rows (a [K, N] MatMul weight whose
    /// output rows are its columns). Validates positions and codes; malformed content throws
    /// <see cref="InvalidDataException"/> naming <paramref name="what"/>.
    /// </summary>
    public static SparseCodeMatrix FromTensor(SparseQuantizedTensor tensor, int rows, int columns, bool transposed, string what)
    {
        if ((long)rows * columns != tensor.ElementCount)
        {
            throw new InvalidDataException($"{what}: {tensor.ElementCount} elements cannot be viewed as {rows} x {columns}");
        }

        var codebookSize = tensor.Codebook.Length;
        if (codebookSize > ushort.MaxValue + 1)
        {
            throw new InvalidDataException($"{what}: codebook has {codebookSize} entries, limit {ushort.MaxValue + 1}");
        }

        var positions = tensor.Positions;
        var codes = tensor.Codes;
        var nnz = positions.Length;
        var storedColumns = transposed ? rows : columns;
        var rowCount = new int[rows + 1];
        // SparseQuantizedTensor guarantees ascending positions inside the tensor and codes inside the codebook.
        for (var j = 0; j < nnz; j++)
        {
            var p = positions[j];
            var row = transposed ? p % storedColumns : p / storedColumns;
            rowCount[row + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            rowCount[r + 1] += rowCount[r];
        }

        var rowStart = (int[])rowCount.Clone();
        var next = rowCount;
        var columnIndex = new int[nnz];
        var narrow = codebookSize <= 256 ? new byte[nnz] : null;
        var wide = narrow is null ? new ushort[nnz] : null;
        // Positions ascend, so within each row the columns arrive ascending in both orientations.
        for (var j = 0; j < nnz; j++)
        {
            var p = positions[j];
            int row, column;
            if (transposed)
            {
                row = p % storedColumns;
                column = p / storedColumns;
            }
            else
            {
                row = p / storedColumns;
                column = p % storedColumns;
            }

            var slot = next[row]++;
            columnIndex[slot] = column;
            if (narrow is not null)
            {
                narrow[slot] = (byte)codes[j];
            }
            else
            {
                wide![slot] = codes[j];
            }
        }

        var codebook = new float[Math.Max(codebookSize, RegisterCodebookSize)];
        tensor.Codebook.CopyTo(codebook, 0);
        return new SparseCodeMatrix(rows, columns, rowStart, columnIndex, narrow, wide, codebook, codebookSize);
    }

    /// <summary>Dense row-major copy, for tests and for operators that cannot use the sparse form.</summary>
    public float[] ToDense()
    {
        var dense = new float[(long)Rows * Columns];
        for (var r = 0; r < Rows; r++)
        {
            for (var j = RowStart[r]; j < RowStart[r + 1]; j++)
            {
                dense[(long)r * Columns + ColumnIndex[j]] = Codebook[Code(j)];
            }
        }

        return dense;
    }
}
