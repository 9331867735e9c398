namespace VelesDb.Engine.Tests.Support;

/// <summary>Runs a step that must finish: a hang is a failure with a name, not a stuck test run.</summary>
internal static class Watchdog
{
    public static T Run<T>(Func<T> step, string what, int seconds = 60)
    {
        var task = Task.Run(step);
        if (!task.Wait(TimeSpan.FromSeconds(seconds)))
        {
            throw new FaultCheckException($"{what} did not finish within {seconds} s: a hang");
        }

        return task.Result;
    }
}
