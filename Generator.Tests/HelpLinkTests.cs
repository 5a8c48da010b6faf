using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using StaticNet.Generator.Diagnostics;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// Help links open from a user's project: absolute, under the repository's one public address (RepositoryUrl in
/// Directory.Build.props, repeated as <see cref="Descriptors.RepositoryUrl"/>), each naming its page in docs/diagnostics.
/// </summary>
public class HelpLinkTests
{
    private static string Root => DescriptorConsistencyTests.RepositoryRoot;

    public static TheoryData<string> Ids => DescriptorConsistencyTests.Ids;

    [Fact]
    public void The_generators_repository_address_is_the_one_in_Directory_Build_props()
    {
        XElement[] declared = XDocument.Load(Path.Combine(Root, "Directory.Build.props"))
            .Descendants("RepositoryUrl")
            .ToArray();

        XElement property = Assert.Single(declared);
        Assert.Equal(Descriptors.RepositoryUrl, property.Value.Trim());
    }

    [Fact]
    public void The_repository_address_is_an_absolute_https_address()
    {
        Assert.True(Uri.TryCreate(Descriptors.RepositoryUrl, UriKind.Absolute, out Uri? uri), Descriptors.RepositoryUrl);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.False(Descriptors.RepositoryUrl.EndsWith('/'), "no trailing slash: links append '/blob/main/…'");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_is_absolute_and_names_the_page_of_its_id(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.ById(id);
        string prefix = Descriptors.RepositoryUrl + "/blob/main/docs/diagnostics/";

        Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out Uri? link), $"{id}: help link '{descriptor.HelpLinkUri}' is not absolute");
        Assert.Equal(Uri.UriSchemeHttps, link.Scheme);
        Assert.Equal(prefix + id + ".md", descriptor.HelpLinkUri);

        // The part after /blob/main/ is a path in the repository: the page must exist there.
        string relative = descriptor.HelpLinkUri[(Descriptors.RepositoryUrl + "/blob/main/").Length..];
        Assert.True(File.Exists(Path.Combine(Root, relative)), $"{id}: help link {descriptor.HelpLinkUri} names {relative}, which is not in the repository");
    }
}
