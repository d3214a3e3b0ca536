namespace EdgeVision.TestSupport;

/// <summary>Measures what code allocates once warm. Linked into every test project.</summary>
internal static class SteadyState
{
    /// <summary>
    /// Returns the bytes this thread allocated while running <paramref name="work"/>, in the quietest of several rounds.
    /// The test host now and then allocates a few kilobytes on the test thread by itself (seen even around a loop of
    /// integer arithmetic), whereas an allocation in the code under test shows up in every round.
    /// </summary>
    public static long AllocatedBytes(Action work, int rounds = 5)
    {
        work();
        long fewest = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
