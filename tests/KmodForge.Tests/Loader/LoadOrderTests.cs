using KmodForge.Loader.Installing;
using KmodForge.Modules;
using KmodForge.Tests.Modules;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

public sealed class LoadOrderTests
{
    private static ModuleInfo Module(string name, string depends = "") =>
        ModuleReader.Read(TestElfBuilder.Build(true, false, 62, [$"name={name}", $"depends={depends}", "license=GPL"]), name + ".ko");

    [Fact]
    public void Modules_load_after_their_dependencies_and_ties_keep_the_package_order()
    {
        var order = LoadOrder.Plan([Module("top", "mid,lib-a"), Module("lib_b"), Module("mid", "lib-b,snd"), Module("lib_a")]);

        Assert.Equal(["lib_b", "mid", "lib_a", "top"], order.Modules.Select(m => m.Name));
        Assert.Equal(["snd"], order.External);
        Assert.Equal(["top", "lib_a", "mid", "lib_b"], order.UnloadOrder.Select(m => m.Name));
    }

    [Fact]
    public void A_cycle_is_refused_naming_its_modules()
    {
        var error = Assert.Throws<ModuleOrderException>(() => LoadOrder.Plan([Module("free"), Module("a", "b"), Module("b", "c"), Module("c", "a")]));

        Assert.Contains("cycle (a → b → c → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_modules_of_one_name_are_refused()
    {
        var error = Assert.Throws<ModuleOrderException>(() => LoadOrder.Plan([Module("x-y"), Module("x_y")]));

        Assert.Contains("two modules named", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_dependencies_are_not_loaded_and_the_tree_is_pointed_at_under_the_host_root()
    {
        using var temp = new TempDirectory();
        var tree = temp.Combine("lib", "modules", "6.1.0-57-amd64");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "modules.dep"), "kernel/drivers/media/v4l2-core/videodev.ko.xz: kernel/drivers/media/mc/mc.ko.xz\n");
        File.WriteAllText(Path.Combine(tree, "modules.builtin"), "kernel/drivers/i2c/i2c-core.ko\n");
        var host = new HostModuleTree(temp.Path, "6.1.0-57-amd64");

        Assert.Equal(["videodev"], host.ToLoad(["i2c_core", "videodev"], []));
        Assert.Equal(["-d", temp.Path, "videodev"], host.ModprobeArguments("videodev"));
        Assert.Equal(["videodev"], new HostModuleTree("/", "6.1.0-57-amd64").ModprobeArguments("videodev"));
    }
}
