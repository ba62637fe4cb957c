# Writes OUT: `const char SYMBOL[]` holding the bytes of IN plus a NUL.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
file(WRITE ${OUT} "/* generated from ${IN}: do not edit */\nconst char ${SYMBOL}[] = {${hex}0x00};\n")
