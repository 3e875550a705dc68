// The vocabulary IRIs seeother itself needs, in one place.
#pragma once

#include <string_view>

namespace seeother::rdf::vocab {

inline constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view rdf_first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view rdf_rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view rdf_nil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr std::string_view rdf_list = "http://www.w3.org/1999/02/22-rdf-syntax-ns#List";
inline constexpr std::string_view rdf_lang_string =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

inline constexpr std::string_view xsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view xsd_string = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view xsd_integer = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view xsd_decimal = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view xsd_boolean = "http://www.w3.org/2001/XMLSchema#boolean";

inline constexpr std::string_view foaf_primary_topic = "http://xmlns.com/foaf/0.1/primaryTopic";
inline constexpr std::string_view foaf_homepage = "http://xmlns.com/foaf/0.1/homepage";
inline constexpr std::string_view dcterms_title = "http://purl.org/dc/terms/title";
inline constexpr std::string_view dcterms_description = "http://purl.org/dc/terms/description";
inline constexpr std::string_view void_ns = "http://rdfs.org/ns/void#";
inline constexpr std::string_view formats_ns = "http://www.w3.org/ns/formats/";

} // namespace seeother::rdf::vocab
