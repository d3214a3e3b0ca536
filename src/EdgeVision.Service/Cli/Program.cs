using System.CommandLine;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt.Outbox;
using EdgeVision.Service.Configuration;
using EdgeVision.Vision.Ocr;

namespace EdgeVision.Service.Cli;

/// <summary>The <c>edgevision</c> command: <c>run</c> the service, <c>validate</c> a configuration or recipe, <c>replay</c> recordings.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var configOption = new Option<FileInfo>("--config", "-c")
        {
            Description = "Configuration file",
            DefaultValueFactory = _ => new FileInfo(DefaultConfigPath()),
        };
        var run = new Command("run", "Run the inspection service") { configOption };
        run.SetAction((parse, cancel) => RunAsync(parse.GetValue(configOption)!));

        var validateConfig = new Option<FileInfo?>("--config", "-c") { Description = "Configuration file to check (with its recipes)" };
        var validateRecipe = new Option<FileInfo?>("--recipe", "-r") { Description = "Recipe file to check" };
        var validate = new Command("validate", "Check a configuration or recipe file and print every error") { validateConfig, validateRecipe };
        validate.SetAction(parse => Validate(parse.GetValue(validateConfig), parse.GetValue(validateRecipe)));

        var replayRecipe = new Option<FileInfo>("--recipe", "-r") { Description = "Recipe to run", Required = true };
        var replaySource = new Option<string>("--source", "-s") { Description = "Folder of images (raw Bayer PNG, mono or colour) or a video file", Required = true };
        var replayOut = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder for results.jsonl, summary.txt and annotated images (default ./replay-out)" };
        var noImages = new Option<bool>("--no-images") { Description = "Do not write annotated images" };
        var replay = new Command("replay", "Run a recipe offline on recorded images and summarise the measurements") { replayRecipe, replaySource, replayOut, noImages };
        replay.SetAction(parse => ReplayCommand.Run(
            parse.GetValue(replayRecipe)!.FullName,
            parse.GetValue(replaySource)!,
            parse.GetValue(replayOut)?.FullName,
            !parse.GetValue(noImages),
            Console.Out,
            Console.Error));

        var synthOut = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write the frames into", Required = true };
        var synthCount = new Option<int>("--count", "-n") { Description = "Number of frames", DefaultValueFactory = _ => 100 };
        var synthSeed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var synthDefects = new Option<double>("--defect-rate") { Description = "Fraction of defective parts", DefaultValueFactory = _ => 0.2 };
        var synthesize = new Command("synthesize", "Write synthetic conveyor frames (raw Bayer PNG) with their ground truth") { synthOut, synthCount, synthSeed, synthDefects };
        synthesize.SetAction(parse => SynthesizeCommand.Run(parse.GetValue(synthOut)!.FullName, parse.GetValue(synthCount), parse.GetValue(synthSeed), parse.GetValue(synthDefects), Console.Out));

        var calImages = new Option<DirectoryInfo?>("--images", "-i") { Description = "Folder of board images for the camera calibration" };
        var calPlane = new Option<FileInfo?>("--plane") { Description = "One image of the board lying on the inspection plane, for pixel→mm" };
        var calCamera = new Option<FileInfo?>("--camera") { Description = "An earlier calibration file whose camera undistorts the plane image" };
        var calBoard = new Option<string>("--board", "-b") { Description = "chessboard:COLSxROWS (inner corners), circles:COLSxROWS or acircles:COLSxROWS", Required = true };
        var calSquare = new Option<double>("--square-mm") { Description = "Square size or circle spacing in millimetres", Required = true };
        var calOut = new Option<FileInfo>("--out", "-o") { Description = "Calibration file to write", DefaultValueFactory = _ => new FileInfo("camera.json") };
        var calibrate = new Command("calibrate", "Calibrate the camera (intrinsics, distortion) and/or the inspection plane (pixel→mm)") { calImages, calPlane, calCamera, calBoard, calSquare, calOut };
        calibrate.SetAction(parse => CalibrateCommand.Run(
            parse.GetValue(calImages)?.FullName,
            parse.GetValue(calPlane)?.FullName,
            parse.GetValue(calCamera)?.FullName,
            parse.GetValue(calBoard)!,
            parse.GetValue(calSquare),
            parse.GetValue(calOut)!.FullName,
            Console.Out,
            Console.Error));

        var trainSamples = new Option<DirectoryInfo>("--samples") { Description = "Folder with one sub-folder of character images per label", Required = true };
        var trainModel = new Option<FileInfo>("--model", "-m") { Description = "Model file to write", DefaultValueFactory = _ => new FileInfo("ocr.model") };
        var trainFeatures = new Option<OcrFeatureKind>("--features") { Description = "Hog or RawPixels", DefaultValueFactory = _ => OcrFeatureKind.Hog };
        var trainK = new Option<int>("--k") { Description = "Neighbours that vote", DefaultValueFactory = _ => 3 };
        var trainHoldout = new Option<double>("--holdout") { Description = "Fraction of each label held out to measure accuracy", DefaultValueFactory = _ => 0.2 };
        var trainSeed = new Option<int>("--seed") { Description = "Seed of the held-out split", DefaultValueFactory = _ => 1 };
        var trainOcr = new Command("ocr", "Train a k-nearest-neighbour character model") { trainSamples, trainModel, trainFeatures, trainK, trainHoldout, trainSeed };
        trainOcr.SetAction(parse => OcrCommands.Train(parse.GetValue(trainSamples)!.FullName, parse.GetValue(trainModel)!.FullName, parse.GetValue(trainFeatures), parse.GetValue(trainK), parse.GetValue(trainHoldout), parse.GetValue(trainSeed), Console.Out, Console.Error));
        var train = new Command("train", "Train a classifier") { trainOcr };

        var testModel = new Option<FileInfo>("--model", "-m") { Description = "Model file", Required = true };
        var testSamples = new Option<DirectoryInfo>("--samples") { Description = "Folder with one sub-folder of character images per label", Required = true };
        var ocrTest = new Command("test", "Accuracy and confusion matrix of a model on a labelled folder") { testModel, testSamples };
        ocrTest.SetAction(parse => OcrCommands.Test(parse.GetValue(testModel)!.FullName, parse.GetValue(testSamples)!.FullName, Console.Out, Console.Error));
        var samplesOut = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write the samples into", Required = true };
        var samplesPer = new Option<int>("--per-label") { Description = "Samples per label", DefaultValueFactory = _ => 40 };
        var samplesSeed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var ocrSamples = new Command("samples", "Write synthetic labelled character images (digits and capitals)") { samplesOut, samplesPer, samplesSeed };
        ocrSamples.SetAction(parse => OcrCommands.Samples(parse.GetValue(samplesOut)!.FullName, parse.GetValue(samplesPer), parse.GetValue(samplesSeed), Console.Out));
        var ocr = new Command("ocr", "Character reading models") { ocrTest, ocrSamples };

        var schemaOut = new Option<FileInfo?>("--out", "-o") { Description = "File to write (default: standard output)" };
        var schema = new Command("schema", "Print the recipe JSON Schema generated from the recipe loader") { schemaOut };
        schema.SetAction(parse =>
        {
            var text = RecipeSchema.Generate();
            if (parse.GetValue(schemaOut) is { } file)
            {
                File.WriteAllText(file.FullName, text);
            }
            else
            {
                Console.Out.Write(text);
            }

            return 0;
        });

        var benchRecipe = new Option<FileInfo>("--recipe", "-r") { Description = "Recipe the pipelines run", DefaultValueFactory = _ => new FileInfo("config/recipes/demo.json") };
        var benchParts = new Option<int>("--parts") { Description = "Parts to trigger", DefaultValueFactory = _ => 3000 };
        var benchRate = new Option<double>("--rate") { Description = "Parts per second", DefaultValueFactory = _ => 50 };
        var benchDelay = new Option<double>("--delay-ms") { Description = "Reject delay after the trigger", DefaultValueFactory = _ => 200 };
        var benchLoad = new Option<int>("--load") { Description = "Extra free-running pipelines loading the CPU", DefaultValueFactory = _ => 0 };
        var benchPath = new Option<string>("--path") { Description = "Reject path to measure: timed (reject queue), untimed (pulse on the result) or both", DefaultValueFactory = _ => "both" };
        var benchGpio = new Command("gpio", "Reject timing on the simulated driver under full pipeline load: the reject queue's timing error and the untimed path's trigger-to-output latency") { benchRecipe, benchParts, benchRate, benchDelay, benchLoad, benchPath };
        benchGpio.SetAction(parse => GpioBenchCommand.Run(parse.GetValue(benchRecipe)!.FullName, parse.GetValue(benchParts), parse.GetValue(benchRate), parse.GetValue(benchDelay), parse.GetValue(benchLoad), parse.GetValue(benchPath)!, Console.Out));
        var mqttResults = new Option<int>("--results", "-n") { Description = "Results offered in the sustained phase (0 skips it)", DefaultValueFactory = _ => 20_000 };
        var mqttBacklog = new Option<int>("--backlog") { Description = "Results offered while the broker is down, then drained (0 skips the drain phase)", DefaultValueFactory = _ => 20_000 };
        var mqttRate = new Option<double>("--rate") { Description = "Results per second in the sustained phase; 0: as fast as the station takes them" };
        var mqttQos = new Option<int>("--qos") { Description = "QoS of the results: 1 or 2", DefaultValueFactory = _ => 1 };
        var mqttDurability = new Option<OutboxDurability>("--durability") { Description = "Outbox flush policy: Normal or Full (fsync per commit)", DefaultValueFactory = _ => OutboxDurability.Normal };
        var mqttBroker = new Option<string?>("--broker") { Description = "HOST:PORT of a running broker instead of starting mosquitto (no drain phase)" };
        var mqttRecipe = new Option<FileInfo>("--recipe", "-r") { Description = "Recipe whose results make the payloads", DefaultValueFactory = _ => new FileInfo("config/recipes/demo.json") };
        var mqttWarmUp = new Option<int>("--warmup") { Description = "Results run through first, on a camera stream of their own, not counted (0: none)", DefaultValueFactory = _ => 3_000 };
        var mqttBreakdown = new Option<bool>("--breakdown") { Description = "Also time the parts alone: outbox append/read/remove, publishing one at a time or several in flight" };
        var benchMqtt = new Command("mqtt", "Results per second through the outbox to mosquitto, and the backlog drain rate after an outage") { mqttResults, mqttBacklog, mqttRate, mqttQos, mqttDurability, mqttBroker, mqttRecipe, mqttWarmUp, mqttBreakdown };
        benchMqtt.SetAction((parse, cancel) => MqttBenchCommand.RunAsync(
            new MqttBenchOptions
            {
                Results = parse.GetValue(mqttResults),
                Backlog = parse.GetValue(mqttBacklog),
                Rate = parse.GetValue(mqttRate),
                QualityOfService = parse.GetValue(mqttQos),
                Durability = parse.GetValue(mqttDurability),
                Broker = parse.GetValue(mqttBroker),
                RecipePath = parse.GetValue(mqttRecipe)!.FullName,
                WarmUp = parse.GetValue(mqttWarmUp),
                Breakdown = parse.GetValue(mqttBreakdown),
            },
            Console.Out,
            Console.Error,
            cancel));
        var bench = new Command("bench", "Measure the station") { benchGpio, benchMqtt };

        var root = new RootCommand("EdgeVision machine-vision inspection service") { run, validate, replay, synthesize, calibrate, train, ocr, schema, bench };
        return root.Parse(args).Invoke();
    }

    // Each file is checked on its own, so one bad file does not hide the other's errors.
    private static bool Check(Func<string> load)
    {
        try
        {
            Console.WriteLine(load());
            return true;
        }
        catch (SettingsException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }

    private static string DefaultConfigPath() =>
        File.Exists("/etc/edgevision/edgevision.json") && !File.Exists("config/edgevision.json") ? "/etc/edgevision/edgevision.json" : "config/edgevision.json";

    private static async Task<int> RunAsync(FileInfo config)
    {
        ServiceSettings settings;
        try
        {
            settings = ServiceSettingsLoader.Load(config.FullName);
        }
        catch (SettingsException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("edgevision: not started.").ConfigureAwait(false);
            return 2;
        }

        await using var app = EdgeVisionApp.Build(settings);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static int Validate(FileInfo? config, FileInfo? recipe)
    {
        if (config is null && recipe is null)
        {
            Console.Error.WriteLine("validate: give --config FILE and/or --recipe FILE");
            return 1;
        }

        var ok = true;
        if (config is not null)
        {
            ok &= Check(() =>
            {
                var s = ServiceSettingsLoader.Load(config.FullName);
                return $"{config.FullName}: OK ({s.Cameras.Count} camera(s), device '{s.Device}')";
            });
        }

        if (recipe is not null)
        {
            ok &= Check(() =>
            {
                var r = RecipeLoader.Load(recipe.FullName);
                return $"{recipe.FullName}: OK (recipe '{r.Name}', {r.Checksum})";
            });
        }

        return ok ? 0 : 2;
    }
}
