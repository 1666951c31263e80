namespace DeepCompress.TestModels;

internal static class Placeholder
{
}
