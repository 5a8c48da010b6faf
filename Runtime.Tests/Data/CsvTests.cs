using System;
using System.IO;
using System.Linq;
using System.Text;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class CsvTests : IDisposable
{
    private const string Iris = """
        sepal_length,sepal_width,petal_length,petal_width,species
        5.1,3.5,1.4,0.2,setosa
        7.0,3.2,4.7,1.4,versicolor
        6.3,3.3,6.0,2.5,virginica
        4.9,3.0,1.4,0.2,setosa

        """;

    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    private string Write(string name, string text) => files.Write(name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_file_with_a_header_and_class_names_loads_by_label_column_name()
    {
        string path = Write("iris.csv", Iris);

        Dataset<float> dataset = Csv.LoadLabelled<float>(path, "species");

        Assert.Equal(4, dataset.Count);
        Assert.Equal([4], dataset.SampleShape);
        Assert.Equal(3, dataset.ClassCount);
        Assert.Equal(["setosa", "versicolor", "virginica"], dataset.ClassNames);
        Assert.Equal([0, 1, 2, 0], dataset.Labels);
        Assert.Equal(new float[] { 7.0f, 3.2f, 4.7f, 1.4f }, dataset.Sample(1).ToArray());
    }

    [Fact]
    public void A_file_without_a_header_loads_by_label_column_index_with_whole_number_labels()
    {
        string path = Write("digits.csv", "0,0.5,1e-3\r\n3,-2,+4\r\n1,7.25,0\r\n");

        Dataset<double> dataset = Csv.LoadLabelled<double>(path, 0, new CsvOptions { HasHeader = false });
        Dataset<double> tenClasses = Csv.LoadLabelled<double>(path, 0, new CsvOptions { HasHeader = false, ClassCount = 10 });

        Assert.Equal([0, 3, 1], dataset.Labels);
        Assert.Equal(4, dataset.ClassCount);
        Assert.Null(dataset.ClassNames);
        Assert.Equal(new double[] { 0.5, 0.001, -2, 4, 7.25, 0 }, dataset.Images);
        Assert.Equal(10, tenClasses.ClassCount);
        var error = Assert.Throws<InvalidDataException>(() => Csv.LoadLabelled<double>(path, 0, new CsvOptions { HasHeader = false, ClassCount = 3 }));
        Assert.Contains($"{path}, row 2, column 1: the label 3 is outside the classes 0 to 2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_may_hold_separators_quotes_and_line_breaks()
    {
        string path = Write("quoted.csv", "\"x\",\"y, in m\",label\n\"1.5\",2,\"a, \"\"big\"\" one\"\n3,\"4\",\"two\nlines\"\n5,6,\"a, \"\"big\"\" one\"\n7,oops,two\n");

        var error = Assert.Throws<InvalidDataException>(() => Csv.LoadLabelled<float>(path, "label"));
        Assert.Contains($"{path}, row 6, column 'y, in m': 'oops' is not a number.", error.Message, StringComparison.Ordinal);

        string good = Write("good.csv", "\"x\",\"y, in m\",label\n\"1.5\",2,\"a, \"\"big\"\" one\"\n3,\"4\",\"two\nlines\"\n5,6,\"a, \"\"big\"\" one\"\n");
        Dataset<float> dataset = Csv.LoadLabelled<float>(good, "label");
        Assert.Equal(["a, \"big\" one", "two\nlines"], dataset.ClassNames);
        Assert.Equal([0, 1, 0], dataset.Labels);
        Assert.Equal(new float[] { 1.5f, 2, 3, 4, 5, 6 }, dataset.Images);
    }

    [Fact]
    public void A_value_that_is_not_a_number_names_the_file_row_and_column()
    {
        var text = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int row = 2; row <= 20; row++)
        {
            text.Append(row == 17 ? "5.0,3.4,1.5,abc,setosa\n" : "5.0,3.4,1.5,0.2,setosa\n");
        }

        string path = Write("iris.csv", text.ToString());

        var error = Assert.Throws<InvalidDataException>(() => Csv.LoadLabelled<float>(path, "species"));

        Assert.Equal($"{path}, row 17, column 'petal_width': 'abc' is not a number.", error.Message);
    }

    [Theory]
    [InlineData("a,b,label\n1,2,x\n3,,y\n", "row 3, column 'b': the value is missing.")]
    [InlineData("a,b,label\n1,2,x\n3, ,y\n", "row 3, column 'b': the value is missing.")]
    [InlineData("a,b,label\n1,NaN,x\n", "row 2, column 'b': 'NaN' is not a finite number")]
    [InlineData("a,b,label\n1,1e999,x\n", "row 2, column 'b': '1e999' is not a finite number")]
    [InlineData("a,b,label\n1,2,\n", "row 2, column 'label': the label is missing.")]
    [InlineData("a,b,label\n1,2,x\n3,4\n", "row 3: expected 3 fields as in the header, found 2.")]
    [InlineData("a,b,label\n1,2,x\n\n\n3,4,y,z\n", "row 5: expected 3 fields as in the header, found 4.")]
    [InlineData("a,b,label\n1,2,\"x\n", "row 2, column 3: a quoted field is never closed")]
    [InlineData("a,b,label\n1,\"2\"3,x\n", "row 2, column 2: expected a separator or the end of the row after a quoted field, found '3'.")]
    [InlineData("a,b,label\n1,2,3\n4,5,cat\n", "column 'label': expected all labels to be whole numbers or all to be class names, found a number in row 2 ('3') and a name in row 3 ('cat').")]
    [InlineData("a,b,label\n1,2,-1\n", "row 2, column 'label': the label -1 is outside the classes 0 or more.")]
    [InlineData("a,b,label\n1,\"2,5\",x\n", "row 2, column 'b': '2,5' is not a number.")]
    [InlineData("a,b,label\n", "expected at least one data row, found none.")]
    public void Malformed_files_are_rejected_naming_the_row_and_column(string text, string expected)
    {
        string path = Write("bad.csv", text);

        var error = Assert.Throws<InvalidDataException>(() => Csv.LoadLabelled<double>(path, "label"));

        Assert.Contains($"{path}", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_are_found_by_name_or_index_or_not_at_all_with_a_clear_error()
    {
        string path = Write("iris.csv", Iris);

        var unknown = Assert.Throws<ArgumentException>(() => Csv.LoadLabelled<float>(path, "Species"));
        Assert.Contains($"{path} has no column 'Species'; its columns are 'sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'.", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Csv.LoadLabelled<float>(path, 5));
        var noHeader = Assert.Throws<ArgumentException>(() => Csv.LoadLabelled<float>(path, "species", new CsvOptions { HasHeader = false }));
        Assert.Contains("without a header row", noHeader.Message, StringComparison.Ordinal);
        Assert.Equal(Csv.LoadLabelled<float>(path, "species").Images, Csv.LoadLabelled<float>(path, 4).Images);
    }

    [Fact]
    public void Target_columns_make_a_regression_data_set_and_ignored_columns_are_left_out()
    {
        string path = Write("houses.csv", "id;rooms;area;price;tax\n17;3;85.5;250000;1200\n18;5;140;410000;2100\n");
        var options = new CsvOptions { Separator = ';', IgnoredColumns = ["id"] };

        Dataset<double> byName = Csv.LoadWithTargets<double>(path, ["price", "tax"], options);
        Dataset<double> byIndex = Csv.LoadWithTargets<double>(path, [4], options);

        Assert.False(byName.HasLabels);
        Assert.Equal([2], byName.SampleShape);
        Assert.Equal([2], byName.TargetShape);
        Assert.Equal(new double[] { 3, 85.5, 5, 140 }, byName.Images);
        Assert.Equal(new double[] { 250000, 1200, 410000, 2100 }, byName.Targets);
        Assert.Equal([3], byIndex.SampleShape);
        Assert.Equal(new double[] { 3, 85.5, 250000, 5, 140, 410000 }, byIndex.Images);
        Assert.Equal(new double[] { 1200, 2100 }, byIndex.Targets);
    }

    [Fact]
    public void A_sample_shape_reshapes_the_feature_columns()
    {
        string path = Write("pixels.csv", "label,p0,p1,p2,p3\n1,0,64,128,255\n0,1,2,3,4\n");

        Dataset<float> dataset = Csv.LoadLabelled<float>(path, "label", new CsvOptions { SampleShape = [1, 2, 2] });

        Assert.Equal([1, 2, 2], dataset.SampleShape);
        Assert.Equal(new float[] { 0, 64, 128, 255 }, dataset.Sample(0).ToArray());
        Assert.Throws<ArgumentException>(() => Csv.LoadLabelled<float>(path, "label", new CsvOptions { SampleShape = [1, 3] }));
    }

    [Fact]
    public void A_test_file_numbers_its_classes_like_the_training_file()
    {
        string train = Write("train.csv", Iris);
        string test = Write("test.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n6.0,2.2,5.0,1.5,virginica\n");
        string odd = Write("odd.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n6.0,2.2,5.0,1.5,rose\n");

        Dataset<float> trainSet = Csv.LoadLabelled<float>(train, "species");
        var options = new CsvOptions { ClassNames = trainSet.ClassNames };
        Dataset<float> testSet = Csv.LoadLabelled<float>(test, "species", options);

        Assert.Equal([2], testSet.Labels);
        Assert.Equal(3, testSet.ClassCount);
        Assert.Equal(0, Csv.LoadLabelled<float>(test, "species").Labels.Single());
        var error = Assert.Throws<InvalidDataException>(() => Csv.LoadLabelled<float>(odd, "species", options));
        Assert.Contains($"{odd}, row 2, column 'species': 'rose' is not one of the classes 'setosa', 'versicolor', 'virginica'.", error.Message, StringComparison.Ordinal);
    }
}
