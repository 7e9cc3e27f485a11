# cmake -DIN=docs/NAME.8.md -DOUT=NAME.8.gz -DVERSION=V -DMD2MAN=go-md2man -P man-page.cmake
#
# A manual page from its markdown in docs/, as Debian ships it (gzip -9n).
# The markdown reads well on its own: its title "# NAME(8)" becomes the
# man page's .TH line, links to other documents keep only their text (the
# documents are not installed), and go-md2man does the rest.  go-md2man
# copies code blocks verbatim, so a line there that starts with "." or "'"
# would be read as a roff request: it is protected with \&.
file(READ ${IN} text)
if(NOT text MATCHES "^# ([a-z0-9-]+)\\(([1-9])\\)\n")
  message(FATAL_ERROR "${IN}: the first line must be \"# NAME(SECTION)\"")
endif()
set(name ${CMAKE_MATCH_1})
set(section ${CMAKE_MATCH_2})
string(REGEX REPLACE "^# [^\n]*\n"
       "# ${name} ${section} \"\" \"pvfsf ${VERSION}\" \"System Manager's Manual\"\n"
       text "${text}")
string(REGEX REPLACE "\\[([^]\n]*)\\]\\([^)\n]*\\)" "\\1" text "${text}")
get_filename_component(out_dir ${OUT} DIRECTORY)
set(md ${out_dir}/${name}.${section}.md)
set(roff ${out_dir}/${name}.${section})
file(WRITE ${md} "${text}")
execute_process(COMMAND ${MD2MAN} -in ${md} -out ${roff}.raw
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${MD2MAN} failed on ${IN}")
endif()
file(READ ${roff}.raw page)
string(REGEX REPLACE "\n([.'][^A-Za-z])" "\n\\\\&\\1" page "${page}")
file(WRITE ${roff} "${page}")
file(REMOVE ${roff}.raw)
execute_process(COMMAND gzip -9nf ${roff} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${roff}")
endif()
