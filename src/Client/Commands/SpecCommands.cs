using System.CommandLine;
using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken spec schema</c>: the campaign-spec JSON Schema, for editors and for regenerating the committed
/// copy (<c>noken spec schema &gt; schema/campaign-spec.schema.json</c>).</summary>
internal static class SpecCommands
{
    public static Command Build()
    {
        var schema = new Command("schema", $"Print the campaign-spec JSON Schema (committed as {CampaignSpecSchema.RepositoryPath})");
        schema.SetAction(_ =>
        {
            Console.Out.Write(CampaignSpecSchema.Text());
            return 0;
        });
        return new Command("spec", "Campaign specs: their JSON Schema") { schema };
    }
}
