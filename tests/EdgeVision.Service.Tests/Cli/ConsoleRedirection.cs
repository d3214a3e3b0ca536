namespace EdgeVision.Service.Tests.Cli;

/// <summary>Tests that redirect <see cref="Console"/>, which is process-wide, so they must not run alongside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleRedirection
{
    public const string Name = "Console";
}
