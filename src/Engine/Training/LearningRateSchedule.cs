namespace Orleans.Noken.Engine.Training;

/// <summary>Linear warm-up to the peak, then cosine decay to <c>peak × minFraction</c> at the last step.</summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps, double MinFraction = 0.1)
{
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        double progress = TotalSteps <= WarmupSteps ? 1 : Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return Peak * (MinFraction + (1 - MinFraction) * cosine);
    }
}
