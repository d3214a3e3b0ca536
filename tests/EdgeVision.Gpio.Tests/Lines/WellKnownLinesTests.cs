using EdgeVision.Gpio.Lines;

namespace EdgeVision.Gpio.Tests.Lines;

public class WellKnownLinesTests
{
    [Theory]
    [InlineData("reject", LineDirection.Output)]
    [InlineData("result-valid", LineDirection.Output)]
    [InlineData("strobe", LineDirection.Output)]
    [InlineData("trigger", LineDirection.Input)]
    [InlineData("recipe-strobe", LineDirection.Input)]
    [InlineData("recipe-bit0", LineDirection.Input)]
    [InlineData("recipe-bit15", LineDirection.Input)]
    public void Known_names_imply_their_direction(string name, LineDirection expected)
    {
        Assert.True(WellKnownLines.TryGetDirection(name, out LineDirection direction));
        Assert.Equal(expected, direction);
    }

    [Theory]
    [InlineData("rejct")]
    [InlineData("recipe-bit16")]
    [InlineData("recipe-bit01")]
    [InlineData("recipe-bit")]
    [InlineData("Reject")]
    public void Other_names_are_unknown(string name) => Assert.False(WellKnownLines.TryGetDirection(name, out _));

    [Theory]
    [InlineData("/dev/gpiochip4", 4)]
    [InlineData("gpiochip0", 0)]
    [InlineData("12", 12)]
    public void Chip_names_give_their_number(string chip, int expected)
    {
        Assert.True(GpioChipName.TryParseNumber(chip, out int number));
        Assert.Equal(expected, number);
    }

    [Fact]
    public void A_chip_label_is_found_in_the_label_files_of_the_chips()
    {
        string folder = Directory.CreateTempSubdirectory("gpiochips").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "gpiochip0"));
            File.WriteAllText(Path.Combine(folder, "gpiochip0", "label"), "pinctrl-bcm2711\n");
            Directory.CreateDirectory(Path.Combine(folder, "gpiochip3"));
            File.WriteAllText(Path.Combine(folder, "gpiochip3", "label"), "pinctrl-rp1\n");

            Assert.Equal(3, GpioChipName.Resolve("pinctrl-rp1", folder));
            Assert.Equal(0, GpioChipName.Resolve("pinctrl-bcm2711", folder));
            Assert.Throws<ArgumentException>(() => GpioChipName.Resolve("no-such-chip", folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
