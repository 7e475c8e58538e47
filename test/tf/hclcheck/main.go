// Parses Terraform JSON configurations with HCL v2's own JSON parser and decodes every
// resource's and data source's depends_on as Terraform does (hcl.AbsTraversalForExpr).
package main

import (
	encjson "encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
)

// templates parses every string of the configuration as an HCL template, as Terraform's JSON
// syntax reads them ("${" opens an interpolation, "%{" a directive).
func templates(path string, v interface{}, diags hcl.Diagnostics) hcl.Diagnostics {
	switch t := v.(type) {
	case string:
		_, d := hclsyntax.ParseTemplate([]byte(t), path, hcl.InitialPos)
		return append(diags, d...)
	case []interface{}:
		for _, x := range t {
			diags = templates(path, x, diags)
		}
	case map[string]interface{}:
		for _, x := range t {
			diags = templates(path, x, diags)
		}
	}
	return diags
}

var blockSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "terraform"},
		{Type: "locals"},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
	},
}

var metaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "depends_on"}},
}

func main() {
	failed := false
	for _, path := range os.Args[1:] {
		file, diags := json.ParseFile(path)
		if !diags.HasErrors() {
			var raw interface{}
			if err := encjson.Unmarshal(file.Bytes, &raw); err == nil {
				diags = templates(path, raw, diags)
			}
			content, d := file.Body.Content(blockSchema)
			diags = append(diags, d...)
			for _, block := range content.Blocks {
				if block.Type != "resource" && block.Type != "data" && block.Type != "module" {
					continue
				}
				meta, _, d := block.Body.PartialContent(metaSchema)
				diags = append(diags, d...)
				if attr, ok := meta.Attributes["depends_on"]; ok {
					exprs, d := hcl.ExprList(attr.Expr)
					diags = append(diags, d...)
					for _, expr := range exprs {
						_, d := hcl.AbsTraversalForExpr(expr)
						diags = append(diags, d...)
					}
				}
			}
		}
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				failed = true
				fmt.Printf("%s: %s\n", path, d.Error())
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}
