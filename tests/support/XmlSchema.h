#pragma once

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <string>

namespace huzhu::test {

/// The validation errors of `xml` against the XML schema at `xsdPath` ("line N: message" per
/// error), or "" when the document is valid. Uses libxml2, without network access.
inline std::string xsdErrors(const std::string& xml, const char* xsdPath) {
    std::string errors;
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewParserCtxt(xsdPath), xmlSchemaFreeParserCtxt);
    std::unique_ptr<xmlSchema, decltype(&xmlSchemaFree)> schema(xmlSchemaParse(parser.get()),
                                                                xmlSchemaFree);
    if (!schema) return std::string("cannot load ") + xsdPath;
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> valid(
        xmlSchemaNewValidCtxt(schema.get()), xmlSchemaFreeValidCtxt);
    xmlSchemaSetValidStructuredErrors(
        valid.get(),
        [](void* out, xmlErrorPtr e) {
            *static_cast<std::string*>(out) +=
                "line " + std::to_string(e->line) + ": " + (e->message ? e->message : "") + "\n";
        },
        &errors);
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "document.xml", nullptr,
                      XML_PARSE_NONET),
        xmlFreeDoc);
    if (!doc) return "not well-formed";
    if (xmlSchemaValidateDoc(valid.get(), doc.get()) != 0 && errors.empty()) errors = "invalid";
    return errors;
}

}  // namespace huzhu::test
