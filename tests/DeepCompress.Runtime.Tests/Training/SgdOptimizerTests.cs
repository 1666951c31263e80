using DeepCompress.Runtime.Training;

namespace DeepCompress.Runtime.Tests.Training;

public class SgdOptimizerTests
{
    [Fact]
    public void SharedCentroidsMoveBySummedGradientsAndZerosStay()
    {
        var p = Parameter("w", [0f, 0.5f, -0.25f, 0.5f], [7f, 1f, 2f, 3f]);
        var constraint = ParameterConstraint.Shared(p.Value.Data);
        var optimizer = new SgdOptimizer([p], new Dictionary<string, ParameterConstraint> { ["w"] = constraint }, momentum: 0f, weightDecay: 0f);

        optimizer.Step(0.1f);

        Assert.Equal([0f, 0.5f - (0.1f * 4f), -0.25f - (0.1f * 2f), 0.5f - (0.1f * 4f)], p.Value.Data);
        Assert.Equal([-0.25f - (0.1f * 2f), 0.5f - (0.1f * 4f)], constraint.Centroids!);
    }

    [Fact]
    public void PrunedEntriesNeverMoveAndOthersFollowMomentumWithDecay()
    {
        var p = Parameter("w", [0f, 1f, 0f, 2f], [1f, 1f, 1f, 1f]);
        var optimizer = new SgdOptimizer([p], new Dictionary<string, ParameterConstraint> { ["w"] = ParameterConstraint.Pruned(p.Value.Data) }, momentum: 0.5f, weightDecay: 0.1f);

        optimizer.Step(0.1f);
        optimizer.Step(0.1f);

        // v1 = g + 0.1 w0; w1 = w0 - 0.1 v1; v2 = 0.5 v1 + g + 0.1 w1; w2 = w1 - 0.1 v2.
        foreach (var (index, w0) in new[] { (1, 1f), (3, 2f) })
        {
            var v1 = 1f + (0.1f * w0);
            var w1 = w0 - (0.1f * v1);
            var v2 = (0.5f * v1) + 1f + (0.1f * w1);
            Assert.Equal(w1 - (0.1f * v2), p.Value.Data[index], 6);
        }

        Assert.Equal(0f, p.Value.Data[0]);
        Assert.Equal(0f, p.Value.Data[2]);
    }

    [Fact]
    public void UnconstrainedParametersTrainEveryEntry()
    {
        var p = Parameter("b", [0f, 1f], [1f, -1f]);
        new SgdOptimizer([p], new Dictionary<string, ParameterConstraint>(), momentum: 0f, weightDecay: 0f).Step(0.5f);

        Assert.Equal([-0.5f, 1.5f], p.Value.Data);
    }

    [Theory]
    [InlineData(ScheduleKind.Cosine, 0, 0.1f)]
    [InlineData(ScheduleKind.Cosine, 50, 0.05f)]
    [InlineData(ScheduleKind.Cosine, 100, 0f)]
    [InlineData(ScheduleKind.Step, 19, 0.1f)]
    [InlineData(ScheduleKind.Step, 20, 0.01f)]
    [InlineData(ScheduleKind.Step, 40, 0.001f)]
    public void LearningRateSchedules(ScheduleKind kind, int step, float expected)
    {
        var schedule = new LearningRateSchedule(kind, 0.1f, totalSteps: 100, stepsPerEpoch: 10, decayEpochs: 2, gamma: 0.1f);

        Assert.Equal(expected, schedule.Rate(step), 6);
    }

    private static TrainingParameter Parameter(string name, float[] values, float[] gradient)
    {
        var p = new TrainingParameter(name, new TrainingTensor(values, [values.Length]), 0);
        gradient.CopyTo(p.Gradient, 0);
        return p;
    }
}
