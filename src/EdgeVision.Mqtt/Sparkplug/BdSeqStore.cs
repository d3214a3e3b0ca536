using System.Globalization;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>Keeps the last birth/death sequence number (bdSeq, 0–255) so that it survives a restart.</summary>
public interface IBdSeqStore
{
    /// <summary>The last bdSeq saved, or null when none was; throws <see cref="InvalidDataException"/> naming the problem when what is stored is not a bdSeq.</summary>
    int? Load();

    /// <summary>Saves the bdSeq of the session being started.</summary>
    void Save(int bdSeq);
}

/// <summary>A bdSeq kept as decimal text in a small file, replaced atomically (written beside it, then renamed over it).</summary>
public sealed class FileBdSeqStore : IBdSeqStore
{
    /// <summary>Keeps the bdSeq in <paramref name="path"/> (its folder is created when missing).</summary>
    public FileBdSeqStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public int? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var text = File.ReadAllText(Path).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
        {
            throw new InvalidDataException($"The Sparkplug bdSeq file {Path} holds '{Shorten(text)}', not a whole number from 0 to 255.");
        }

        return value;
    }

    /// <inheritdoc/>
    public void Save(int bdSeq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bdSeq);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bdSeq, 255);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // A power cut during the write leaves either the old file or the new one, never half a number.
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, bdSeq.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, Path, overwrite: true);
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
