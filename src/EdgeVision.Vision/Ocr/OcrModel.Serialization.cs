using System.Text;

namespace EdgeVision.Vision.Ocr;

/// <summary>The binary file format of a model.</summary>
public sealed partial class OcrModel
{
    /// <summary>The format version written by <see cref="Save"/>.</summary>
    public const int FormatVersion = 1;

    // Little-endian layout, version 1:
    //   "EVOC" magic, int32 version,
    //   int32 feature kind, int32 normalised size, byte deskew, int32 k,
    //   int32 label count, labels (7-bit-length-prefixed UTF-8 strings),
    //   int32 sample count, int32 dimension, int32 label index × count, float32 × count × dimension,
    //   uint32 FNV-1a hash of every byte before it.
    private static ReadOnlySpan<byte> Magic => "EVOC"u8;

    /// <summary>Writes the model to <paramref name="stream"/> (the stream stays open).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)FeatureKind);
            writer.Write(NormalizedSize);
            writer.Write(Deskew);
            writer.Write(K);
            writer.Write(_labels.Length);
            foreach (var label in _labels)
            {
                writer.Write(label);
            }

            writer.Write(SampleCount);
            writer.Write(Dimension);
            foreach (var label in _sampleLabels)
            {
                writer.Write(label);
            }

            foreach (var value in _vectors)
            {
                writer.Write(value);
            }
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        stream.Write(bytes);
        Span<byte> hash = stackalloc byte[4];
        BitConverter.TryWriteBytes(hash, Fnv1a(bytes));
        stream.Write(hash);
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> saying what is wrong
    /// when the data is not a model, is of a newer version, is cut short, is damaged or is inconsistent.
    /// </summary>
    public static OcrModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);

        if (bytes.Length < Magic.Length + 8 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an EdgeVision OCR model: the data does not start with 'EVOC'.");
        }

        var version = BitConverter.ToInt32(bytes.Slice(Magic.Length, 4));
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"OCR model format version {version} is not supported (this build reads version {FormatVersion}).");
        }

        var body = bytes[..^4];
        var stored = BitConverter.ToUInt32(bytes[^4..]);
        if (Fnv1a(body) != stored)
        {
            throw new InvalidDataException("The OCR model is damaged or cut short: its checksum does not match its contents.");
        }

        try
        {
            return Parse(copy.GetBuffer(), body.Length);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The OCR model ends before all of its parts were read.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The OCR model is inconsistent: {e.Message}", e);
        }
    }

    private static OcrModel Parse(byte[] buffer, int length)
    {
        using var reader = new BinaryReader(new MemoryStream(buffer, Magic.Length + 4, length - Magic.Length - 4, writable: false), Encoding.UTF8);
        var kind = (OcrFeatureKind)reader.ReadInt32();
        var size = reader.ReadInt32();
        var deskew = reader.ReadBoolean();
        var k = reader.ReadInt32();
        var labelCount = reader.ReadInt32();
        var remaining = length - Magic.Length - 4;
        if (labelCount < 1 || labelCount > remaining)
        {
            throw new InvalidDataException($"The OCR model claims {labelCount} labels.");
        }

        var labels = new string[labelCount];
        for (var i = 0; i < labelCount; i++)
        {
            labels[i] = reader.ReadString();
        }

        var count = reader.ReadInt32();
        var dimension = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || dimension < 1 || ((long)count * (dimension + 1) * 4) != left)
        {
            throw new InvalidDataException($"The OCR model claims {count} samples of {dimension} features, which does not match its size.");
        }

        var sampleLabels = new int[count];
        for (var i = 0; i < count; i++)
        {
            sampleLabels[i] = reader.ReadInt32();
        }

        var vectors = new float[count * dimension];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = reader.ReadSingle();
        }

        return new OcrModel(labels, kind, size, deskew, k, sampleLabels, vectors);
    }

    // FNV-1a, 32 bits: enough to notice damage in a file; not a defence against deliberate tampering.
    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
