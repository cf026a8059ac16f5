# Embeds migrations/NNNN_name.sql into the binary as a generated C++ table, so the
# server carries its own schema and never reads SQL files at run time.
function(wangge_embed_migrations out_cpp)
  file(GLOB sql_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/migrations/*.sql)
  list(SORT sql_files)
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DFILES="${sql_files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding SQL migrations")
endfunction()
