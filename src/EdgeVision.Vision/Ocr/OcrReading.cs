using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>One character read by <see cref="CharacterReader"/>.</summary>
/// <param name="Box">Where it is in the patch.</param>
/// <param name="Label">Its index in the model's label table.</param>
/// <param name="Text">The label itself (a string of the model, not a copy).</param>
/// <param name="Confidence">The fraction of the k nearest samples that voted for it (0..1).</param>
/// <param name="Distance">The feature distance to its nearest sample of that label.</param>
/// <param name="Accepted">Whether it passed the reader's confidence and distance bounds.</param>
public readonly record struct OcrCharacter(Rect Box, int Label, string Text, float Confidence, float Distance, bool Accepted);

/// <summary>What <see cref="CharacterReader.Read"/> wrote and how sure it is.</summary>
/// <param name="Length">How many chars of text were written.</param>
/// <param name="Count">How many characters were read and written.</param>
/// <param name="Found">How many characters the segmenter found (more than <paramref name="Count"/> when the span was short).</param>
/// <param name="Rejected">How many characters fell below the confidence or distance bound.</param>
/// <param name="LowestConfidence">The smallest vote fraction of any character (0 when none was found).</param>
/// <param name="TextFits">False when the text span was too short for every character.</param>
public readonly record struct OcrReading(int Length, int Count, int Found, int Rejected, float LowestConfidence, bool TextFits)
{
    /// <summary>True when characters were found, all were read and written, and none was rejected.</summary>
    public bool Accepted => Count > 0 && Count == Found && Rejected == 0 && TextFits;
}
