// server/net/net.cpp — Asio and Beast compiled once (STYLE.md §8): every
// target using them links tanggap_net, which sets BOOST_ASIO_SEPARATE_COMPILATION
// and BOOST_BEAST_SEPARATE_COMPILATION for all of them alike.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
